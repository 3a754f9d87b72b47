//! Flows and the flow-step grammar: `A -> B: message`, `A --> B: reply`, notes, and the
//! `alt`, `opt` and `loop` blocks with their branches, with the tables of their keys.

use serde_json::Value;

use super::keys::{Key, Shape};
use super::readers::{Lower, Obj};
use super::readers::{kind_of, scalar_text, strip_prefix_ignore_case};
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::*;

impl Lower {
    /// The keys of a flow.
    pub(super) const FLOW: &[Key] = &[
        Key::optional(
            "title",
            Shape::Text,
            "Heading of the diagram; the id when absent",
        ),
        Key::optional("description", Shape::Text, "Text above the diagram"),
        Key::required("steps", Shape::Steps, "The steps of the flow, in order"),
    ];

    pub(super) fn flow(&mut self, _id: &str, value: &Value, path: &SpecPath) -> Option<Flow> {
        let obj = self.object(value, path, "a flow", Self::FLOW)?;
        let steps = self.steps(&obj, "a flow");
        Some(Flow {
            title: self.text(&obj, "title"),
            description: self.text(&obj, "description"),
            steps,
        })
    }

    fn steps(&mut self, obj: &Obj<'_>, what: &str) -> Vec<Step> {
        if self.required(obj, "steps", what).is_none() {
            return Vec::new();
        }
        let steps = self.list(obj, "steps", Self::step);
        if obj
            .get("steps")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("{what} needs at least one step"),
                )
                .at(&obj.at("steps"))
                .with_help("add a step such as `- Client -> API: request`"),
            );
        }
        steps
    }

    /// The blocks a step can be, as the keys of a one-key mapping; any other key is a message
    /// or a note.
    pub(super) const STEP_BLOCKS: &[Key] = &[
        Key::optional(
            "alt",
            Shape::ListOf(&Shape::Mapping(Self::BRANCH)),
            "Alternatives, drawn as alt / else: at least one branch",
        ),
        Key::optional("opt", Shape::Mapping(Self::BRANCH), "An optional part"),
        Key::optional("loop", Shape::Mapping(Self::BRANCH), "A repeated part"),
    ];

    fn step(&mut self, value: &Value, path: &SpecPath) -> Option<Step> {
        const STEP_HELP: &str = "a step is `A -> B: message`, `A --> B: reply`, `note over A: text`, `alt:`, `opt:` or `loop:`";
        let (key, body, body_path) = match value {
            Value::String(text) => match text.split_once(':') {
                Some((key, body)) => (
                    key.trim().to_owned(),
                    Value::from(body.trim()),
                    path.clone(),
                ),
                None => {
                    self.diags.push(
                        Diagnostic::error(Code::InvalidValue, format!("`{text}` is not a step"))
                            .at(path)
                            .with_help(STEP_HELP),
                    );
                    return None;
                }
            },
            Value::Object(map) if map.len() == 1 => {
                let (key, body) = map.iter().next()?;
                (key.trim().to_owned(), body.clone(), path.key(key))
            }
            other => {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidType,
                        format!("a step must be a one-key mapping, found {}", kind_of(other)),
                    )
                    .at(path)
                    .with_help(STEP_HELP),
                );
                return None;
            }
        };
        debug_assert_eq!(
            matches!(key.as_str(), "alt" | "opt" | "loop"),
            Self::STEP_BLOCKS.iter().any(|block| block.name == key),
            "the blocks a step reads are those `STEP_BLOCKS` declares"
        );
        match key.as_str() {
            "alt" => {
                let Some(branches) = body.as_array() else {
                    self.wrong_type(&body, &body_path, "a list of branches (`- when: ...`)");
                    return None;
                };
                let branches: Vec<Branch> = branches
                    .iter()
                    .enumerate()
                    .filter_map(|(idx, branch)| self.branch(branch, &body_path.index(idx)))
                    .collect();
                if branches.is_empty() {
                    self.diags.push(
                        Diagnostic::error(Code::InvalidValue, "`alt` needs at least one branch")
                            .at(&body_path),
                    );
                    return None;
                }
                return Some(Step::Alt(branches));
            }
            "opt" => return self.branch(&body, &body_path).map(Step::Opt),
            "loop" => return self.branch(&body, &body_path).map(Step::Loop),
            _ => {}
        }
        let Some(text) = scalar_text(&body) else {
            self.wrong_type(&body, &body_path, "the message text");
            return None;
        };
        if let Some(rest) = strip_prefix_ignore_case(&key, "note ") {
            let rest = rest.trim_start();
            let (placement, systems) = if let Some(systems) =
                strip_prefix_ignore_case(rest, "over ")
            {
                (NotePlacement::Over, systems)
            } else if let Some(system) = strip_prefix_ignore_case(rest, "left of ") {
                (NotePlacement::LeftOf, system)
            } else if let Some(system) = strip_prefix_ignore_case(rest, "right of ") {
                (NotePlacement::RightOf, system)
            } else {
                self.diags.push(
                    Diagnostic::error(Code::InvalidValue, format!("`{key}` is not a note"))
                        .at(&body_path)
                        .about(key.as_str())
                        .with_help("write `note over A`, `note over A, B`, `note left of A` or `note right of A`"),
                );
                return None;
            };
            let systems: Vec<String> = systems
                .split(',')
                .map(|system| system.trim().to_owned())
                .filter(|system| !system.is_empty())
                .collect();
            let most = if placement == NotePlacement::Over {
                2
            } else {
                1
            };
            if systems.is_empty() || systems.len() > most {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("`{key}` must name one system, or two after `over`"),
                    )
                    .at(&body_path)
                    .about(key.as_str())
                    .with_help("a note spans at most two systems: `note over A, B`; use two notes for more"),
                );
                return None;
            }
            return Some(Step::Note {
                placement,
                systems,
                text,
            });
        }
        let (from, to, reply) = if let Some((from, to)) = key.split_once("-->") {
            (from, to, true)
        } else if let Some((from, to)) = key.split_once("->") {
            (from, to, false)
        } else {
            self.diags.push(
                Diagnostic::error(Code::InvalidValue, format!("`{key}` is not a step"))
                    .at(&body_path)
                    .about(key.as_str())
                    .with_help(STEP_HELP),
            );
            return None;
        };
        // Mermaid writes its arrows `->>` and `-->>`; the step grammar, `->` and `-->`.
        if let Some(to) = to.strip_prefix('>') {
            let (written, meant, what) = if reply {
                ("-->>", "-->", "a reply")
            } else {
                ("->>", "->", "a call")
            };
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{key}` uses Mermaid's arrow `{written}`; a step's arrow is `{meant}`"),
                )
                .at(&body_path)
                .about(written)
                .with_help(format!(
                    "write {what} as `{} {meant} {}: {text}`; the diagram draws it with Mermaid's `{written}`",
                    from.trim(),
                    to.trim()
                )),
            );
            return None;
        }
        let (from, to) = (from.trim(), to.trim());
        if from.is_empty() || to.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    format!("`{key}` needs a system on each side of the arrow"),
                )
                .at(&body_path)
                .about(key.as_str()),
            );
            return None;
        }
        Some(Step::Message {
            from: from.to_owned(),
            to: to.to_owned(),
            reply,
            text,
        })
    }

    /// The keys of a branch of an `alt`, `opt` or `loop` step.
    pub(super) const BRANCH: &[Key] = &[
        Key::required("when", Shape::Text, "The condition of the branch"),
        Key::optional(
            "error",
            Shape::Text,
            "The code from `errors` an error path ends in",
        ),
        Key::required("steps", Shape::Steps, "The steps of the branch, in order"),
    ];

    fn branch(&mut self, value: &Value, path: &SpecPath) -> Option<Branch> {
        let obj = self.object(value, path, "a branch", Self::BRANCH)?;
        let when = self.required_text(&obj, "when", "a branch");
        let steps = self.steps(&obj, "a branch");
        Some(Branch {
            when: when?,
            error: self.text(&obj, "error"),
            steps,
        })
    }
}
