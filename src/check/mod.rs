//! Check stage: what a spec promises, evaluated on the model. Pure: no IO, no positions.

pub mod readiness;
