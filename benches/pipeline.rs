//! Benchmarks of the in-memory pipeline on a synthetic spec: `cargo bench --bench pipeline`.
//!
//! `load+check+render` parses and lowers the YAML (`load::parse_spec`), runs every rule
//! (`check::check_spec`, examples validated against their types included), then renders it
//! (`render_spec`). It runs for 2000 and 8000 endpoints (1.1 MB and 4.5 MB
//! of YAML) so that linearity shows in the throughput; `parse only` isolates the load stage
//! at 2000 endpoints, once as generated (every number written as JSON would write it, no
//! ` #` after text: the common case) and once with one `10.00` and one ` #` after text added,
//! so that the two second, spanned passes of loading run (the numbers' source texts and the
//! `comment-in-text` lint). `diff` compares two versions of a 2000-endpoint spec against
//! loading both. No file system access: the YAML is generated in memory.

// A benchmark is not library code: a setup failure should stop it loudly, as in a test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "support/spec_gen.rs"]
mod spec_gen;

/// The allocator the binary uses, so in-process numbers match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use mdbook_integration_spec::check::check_spec;
use mdbook_integration_spec::diff::{diff_specs, gate};
use mdbook_integration_spec::load::{Format, parse_spec};
use mdbook_integration_spec::{RenderOptions, render_spec};

fn options() -> RenderOptions {
    RenderOptions::whole(1, "bench")
}

/// Generates the spec and makes sure it loads without a diagnostic, so the benchmark measures
/// the success path.
fn spec_text(endpoints: usize) -> String {
    let text = spec_gen::generate(endpoints, "Bench Resources");
    let (spec, diagnostics) = parse_spec(&text, Format::Yaml);
    assert!(
        diagnostics.is_empty(),
        "the generated spec has diagnostics: {diagnostics:#?}"
    );
    let spec = spec.expect("the generated spec loads");
    let findings = check_spec(&spec);
    assert!(
        findings.is_empty(),
        "the generated spec has findings: {findings:#?}"
    );
    render_spec(&spec, &options()).expect("the generated spec renders");
    text
}

fn load_check_render(c: &mut Criterion) {
    let mut group = c.benchmark_group("load+check+render");
    // One iteration takes about a fifth of a second per 2000 endpoints: 10 flat samples of one or
    // two iterations each keep the whole run near a minute on 2 cores.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1));
    for (endpoints, seconds) in [(2000, 6), (8000, 24)] {
        let text = spec_text(endpoints);
        group.measurement_time(Duration::from_secs(seconds));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(endpoints), &text, |b, text| {
            b.iter(|| {
                let (spec, _) = parse_spec(black_box(text), Format::Yaml);
                let spec = spec.expect("the generated spec loads");
                let findings = check_spec(&spec);
                (
                    findings,
                    render_spec(&spec, &options()).expect("the generated spec renders"),
                )
            });
        });
    }
    group.finish();
}

fn parse_only(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse only");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let endpoints = 2000;
    let text = spec_text(endpoints);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_with_input(BenchmarkId::from_parameter(endpoints), &text, |b, text| {
        b.iter(|| parse_spec(black_box(text), Format::Yaml))
    });
    let text = format!("{text}x-bench:\n  price: 10.00\n  note: announced in the #ops channel\n");
    let (_, diagnostics) = parse_spec(&text, Format::Yaml);
    assert_eq!(
        diagnostics.len(),
        1,
        "one `comment-in-text` finding: {diagnostics:#?}"
    );
    group.bench_with_input(
        BenchmarkId::new("second passes", endpoints),
        &text,
        |b, text| b.iter(|| parse_spec(black_box(text), Format::Yaml)),
    );
    group.finish();
}

/// Two versions of a 2000-endpoint spec: loading both, against loading both and diffing them
/// (with the version gate). The new version changes every model, every write endpoint's body
/// and every read endpoint's query, so the diff reports about 1,900 changes: the target is
/// within twice the time of loading both.
fn diff_versions(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    let endpoints = 2000;
    let old = spec_text(endpoints);
    let new = old
        .replacen("version: 3.4.1", "version: 4.0.0", 1)
        .replace("quantity: integer,", "quantity: integer (required),")
        .replace(
            "enum(active, suspended, closed)",
            "enum(active, suspended, closed, archived)",
        )
        .replace("expand: boolean -- include the parent", "expand: string");
    let load = |text: &str| parse_spec(text, Format::Yaml).0.expect("the version loads");
    let changes = diff_specs(&load(&old), &load(&new)).len();
    assert!(changes > 1500, "only {changes} changes");
    group.throughput(Throughput::Bytes((old.len() + new.len()) as u64));
    group.bench_function(BenchmarkId::new("load both", endpoints), |b| {
        b.iter(|| (load(black_box(&old)), load(black_box(&new))))
    });
    group.bench_function(BenchmarkId::new("load both and diff", endpoints), |b| {
        b.iter(|| {
            let (before, after) = (load(black_box(&old)), load(black_box(&new)));
            let changes = diff_specs(&before, &after);
            let gate = gate(&before, &after, &changes);
            (changes, gate)
        })
    });
    group.finish();
}

criterion_group!(benches, load_check_render, parse_only, diff_versions);
criterion_main!(benches);
