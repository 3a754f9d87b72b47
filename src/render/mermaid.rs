//! Mermaid diagram text: systems flowchart, sequence diagrams for flows, and an entity diagram
//! of the models (the authentication diagrams are in `auth_diagram`, with these escapes).
//!
//! Nothing from a spec reaches a diagram unescaped. Labels keep letters, digits, spaces,
//! harmless ASCII punctuation and printable non-ASCII characters; every other character
//! becomes a Mermaid entity code (`#35;`), which Mermaid decodes for display only, after
//! parsing. Identifiers are generated (`s0`, `s1`) or
//! reduced to `[A-Za-z0-9_]`, so no spec text can end a statement, open a block or add a link.

use std::collections::HashMap;
use std::fmt::Write as _;

use indexmap::IndexMap;

use crate::spec::{
    Branch, FieldType, Flow, Model, NotePlacement, Spec, Step, System, SystemKind, UnionKind,
    each_step,
};

/// Escapes text for a Mermaid label.
pub(crate) fn escape_label(text: &str) -> String {
    escape_label_keeping(text, &[])
}

/// [`escape_label`], with `keep` shown as themselves too.
fn escape_label_keeping(text: &str, keep: &[char]) -> String {
    let mut res = String::with_capacity(text.len());
    for c in text.chars() {
        // Mermaid's syntax is ASCII: other printable characters are always text.
        let printable_non_ascii = !c.is_ascii() && !c.is_control() && !c.is_whitespace();
        if c.is_alphanumeric()
            || printable_non_ascii
            || keep.contains(&c)
            || matches!(
                c,
                ' ' | '.'
                    | ','
                    | '_'
                    | '/'
                    | '-'
                    | '?'
                    | '!'
                    | '\''
                    | '('
                    | ')'
                    | '+'
                    | '='
                    | '@'
                    | '*'
                    | '$'
                    | '~'
            )
        {
            res.push(c);
        } else if c.is_whitespace() {
            // Newlines and tabs would end or split a statement.
            res.push(' ');
        } else {
            let _ = write!(res, "#{};", u32::from(c));
        }
    }
    // An empty label, or one that starts with a keyword, could change the statement.
    let trimmed = res.trim();
    let first_word = trimmed
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if trimmed.is_empty() {
        "#160;".to_owned()
    } else if KEYWORDS
        .iter()
        .any(|keyword| first_word.eq_ignore_ascii_case(keyword))
    {
        let mut chars = trimmed.chars();
        let first = chars.next().map_or(0, u32::from);
        format!("#{first};{}", chars.as_str())
    } else {
        trimmed.to_owned()
    }
}

/// Escapes the condition of an `alt`, `else`, `opt` or `loop`.
///
/// Mermaid wraps these labels before it decodes entity codes, and a wrap inside `#59;` (a
/// long word is broken anywhere) shows the code's internals. So the characters that need
/// escaping are replaced by look-alikes instead, which never need decoding; the result reads
/// the same. `<` and `>` need neither: Mermaid draws these labels as text, so `<b>` shows as
/// written and makes nothing bold (the browser test holds it to that). The one exception is
/// `<br>`, which Mermaid turns into a line break before drawing: its `<` stays a look-alike.
pub(crate) fn escape_branch_label(text: &str) -> String {
    let mut replaced = String::with_capacity(text.len());
    for (idx, c) in text.char_indices() {
        replaced.push(match c {
            ';' => '\u{37e}',
            '#' => '\u{ff03}',
            '%' => '\u{ff05}',
            '<' if is_line_break_tag(&text[idx..]) => '\u{2039}',
            '&' => '\u{ff06}',
            '"' => '\u{ff02}',
            '`' => '\u{2035}',
            c if c.is_whitespace() => ' ',
            c => c,
        });
    }
    escape_label_keeping(&replaced, &['<', '>'])
}

/// Whether `text` starts with what Mermaid reads as a line break: `<br>`, `<br/>`, `<BR />`
/// (its `/<br\s*\/?>/i`).
fn is_line_break_tag(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix('<')
        .filter(|rest| {
            rest.get(..2)
                .is_some_and(|br| br.eq_ignore_ascii_case("br"))
        })
        .map(|rest| rest[2..].trim_start())
    else {
        return false;
    };
    rest.strip_prefix('/').unwrap_or(rest).starts_with('>')
}

/// Words Mermaid may read as syntax at the start of a label.
const KEYWORDS: &[&str] = &[
    "end",
    "else",
    "and",
    "alt",
    "opt",
    "loop",
    "par",
    "critical",
    "break",
    "rect",
    "note",
    "participant",
    "actor",
    "activate",
    "deactivate",
    "autonumber",
    "title",
    "box",
    "over",
    "links",
    "link",
    "create",
    "destroy",
    "option",
];

/// Reduces text to a Mermaid identifier (`[A-Za-z0-9_]`, starting with a letter).
pub(crate) fn identifier(text: &str) -> String {
    let mut res: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !res.starts_with(|c: char| c.is_ascii_alphabetic()) {
        res.insert_str(0, "m_");
    }
    res
}

/// Participant ids for a set of system names, in declaration order, then first use.
struct Participants {
    names: IndexMap<String, String>,
}

impl Participants {
    fn new() -> Self {
        Participants {
            names: IndexMap::new(),
        }
    }

    fn id(&mut self, name: &str) -> String {
        let next = format!("s{}", self.names.len());
        self.names.entry(name.to_owned()).or_insert(next).clone()
    }

    fn declare(&self, out: &mut String, systems: &[System]) {
        for (name, id) in &self.names {
            let kind = systems
                .iter()
                .find(|system| system.name == *name)
                .map_or(SystemKind::Internal, |system| system.kind);
            let keyword = match kind {
                SystemKind::External => "actor",
                SystemKind::Internal => "participant",
            };
            let _ = writeln!(out, "    {keyword} {id} as {}", escape_label(name));
        }
    }
}

/// A `sequenceDiagram` for one flow.
pub(crate) fn flow_diagram(flow: &Flow, systems: &[System]) -> String {
    let mut participants = Participants::new();
    // Declared systems first, in their order, so every diagram of a spec lines up the same way.
    let used = systems_in(&flow.steps);
    for system in systems {
        if used.contains(&system.name.as_str()) {
            participants.id(&system.name);
        }
    }
    let mut body = String::new();
    write_steps(&mut body, &flow.steps, &mut participants, 1);
    let mut out = String::from("sequenceDiagram\n");
    participants.declare(&mut out, systems);
    out.push_str(&body);
    out
}

fn systems_in(steps: &[Step]) -> Vec<&str> {
    let mut res = Vec::new();
    each_step(steps, &mut |step| match step {
        Step::Message { from, to, .. } => {
            res.push(from.as_str());
            res.push(to.as_str());
        }
        Step::Note { systems, .. } => res.extend(systems.iter().map(String::as_str)),
        Step::Alt(_) | Step::Opt(_) | Step::Loop(_) => {}
    });
    res
}

fn write_steps(out: &mut String, steps: &[Step], participants: &mut Participants, depth: usize) {
    let indent = "    ".repeat(depth);
    for step in steps {
        match step {
            Step::Message {
                from,
                to,
                reply,
                text,
            } => {
                let arrow = if *reply { "-->>" } else { "->>" };
                let (from, to) = (participants.id(from), participants.id(to));
                let _ = writeln!(out, "{indent}{from}{arrow}{to}: {}", escape_label(text));
            }
            Step::Note {
                placement,
                systems,
                text,
            } => {
                let ids: Vec<String> = systems
                    .iter()
                    .map(|system| participants.id(system))
                    .collect();
                let place = match placement {
                    NotePlacement::Over => "over",
                    NotePlacement::LeftOf => "left of",
                    NotePlacement::RightOf => "right of",
                };
                let _ = writeln!(
                    out,
                    "{indent}Note {place} {}: {}",
                    ids.join(","),
                    escape_label(text)
                );
            }
            Step::Alt(branches) => {
                for (idx, branch) in branches.iter().enumerate() {
                    let keyword = if idx == 0 { "alt" } else { "else" };
                    write_branch_head(out, &indent, keyword, branch);
                    write_steps(out, &branch.steps, participants, depth + 1);
                }
                let _ = writeln!(out, "{indent}end");
            }
            Step::Opt(branch) | Step::Loop(branch) => {
                let keyword = if matches!(step, Step::Opt(_)) {
                    "opt"
                } else {
                    "loop"
                };
                write_branch_head(out, &indent, keyword, branch);
                write_steps(out, &branch.steps, participants, depth + 1);
                let _ = writeln!(out, "{indent}end");
            }
        }
    }
}

fn write_branch_head(out: &mut String, indent: &str, keyword: &str, branch: &Branch) {
    let mut label = branch.when.clone();
    if let Some(error) = &branch.error {
        let _ = write!(label, " ({error})");
    }
    let _ = writeln!(out, "{indent}{keyword} {}", escape_branch_label(&label));
}

/// A `flowchart` of the systems, with an edge for each pair that talks in some flow.
pub(crate) fn systems_diagram(spec: &Spec, systems: &[System]) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut ids: IndexMap<&str, String> = IndexMap::new();
    for system in systems {
        let id = format!("s{}", ids.len());
        let shape = match system.kind {
            SystemKind::External => ("([", "])"),
            SystemKind::Internal => ("[", "]"),
        };
        let _ = writeln!(
            out,
            "    {id}{}\"{}\"{}",
            shape.0,
            escape_label(&system.name),
            shape.1
        );
        ids.insert(system.name.as_str(), id);
    }
    let mut edges: Vec<(String, String)> = Vec::new();
    for flow in spec.flows.values() {
        collect_edges(&flow.steps, &ids, &mut edges);
    }
    for (from, to) in edges {
        let _ = writeln!(out, "    {from} --> {to}");
    }
    out
}

fn collect_edges(steps: &[Step], ids: &IndexMap<&str, String>, edges: &mut Vec<(String, String)>) {
    each_step(steps, &mut |step| {
        if let Step::Message {
            from,
            to,
            reply: false,
            ..
        } = step
            && let (Some(from), Some(to)) = (ids.get(from.as_str()), ids.get(to.as_str()))
        {
            let edge = (from.clone(), to.clone());
            if from != to && !edges.contains(&edge) {
                edges.push(edge);
            }
        }
    });
}

/// Words the ER grammar reads as keywords wherever they stand (keys, cardinalities,
/// directives), compared case-insensitively.
const ER_KEYWORDS: &[&str] = &[
    "pk",
    "fk",
    "uk",
    "u",
    "class",
    "classdef",
    "style",
    "to",
    "one",
    "many",
    "only",
    "zero",
    "optionally",
    "end",
    "md",
    "erdiagram",
    "title",
    "acctitle",
    "accdescr",
    "direction",
    "tb",
    "bt",
    "lr",
    "rl",
    "zero_or_more",
    "one_or_more",
    "zero_or_one",
    "only_one",
];

/// An attribute or type word that the ER grammar cannot mistake for a keyword.
fn er_word(text: &str) -> String {
    let mut word = identifier(text);
    if ER_KEYWORDS.contains(&word.to_ascii_lowercase().as_str()) {
        word.push('_');
    }
    word
}

/// An `erDiagram` of the named models, in the given order, and the references between them.
/// Entities get plain ids (`e0`, `e1`...) with the model name as their alias, so no model name
/// can be a keyword. The models are borrowed: a diagram of a selection copies nothing.
pub(crate) fn models_diagram(models: &[(&str, &Model)]) -> String {
    let mut out = String::from("erDiagram\n");
    let mut relations = String::new();
    // A reference to a model that is not drawn gets no relation.
    let mut ids: HashMap<&str, usize> = HashMap::with_capacity(models.len());
    for (idx, (name, _)) in models.iter().enumerate() {
        ids.entry(*name).or_insert(idx);
    }
    let entity = |name: &str| ids.get(name).map(|idx| format!("e{idx}"));
    for (idx, (name, model)) in models.iter().enumerate() {
        let _ = writeln!(out, "    e{idx}[\"{}\"] {{", escape_label(name));
        // A choice shows its discriminator, and a dotted line to each variant.
        if let Some(union) = &model.variants {
            if let Some(discriminator) = &union.discriminator {
                let property = er_word(&discriminator.property);
                let _ = writeln!(out, "        enum {property} \"discriminator\"");
            }
            let mut drawn = Vec::new();
            for variant in union.variant_models().flatten() {
                if let Some(target) = entity(variant).filter(|target| !drawn.contains(target)) {
                    let _ = writeln!(
                        relations,
                        "    e{idx} |o..o| {target} : \"{}\"",
                        union.kind.words()
                    );
                    drawn.push(target);
                }
            }
        }
        for included in &model.all_of {
            if let Some(target) = entity(included) {
                let _ = writeln!(relations, "    e{idx} ||--|| {target} : \"all of\"");
            }
        }
        for (field_name, field) in &model.fields {
            let ty = er_type(&field.ty);
            let attribute = er_word(field_name);
            let comment = if field.required { " \"required\"" } else { "" };
            let _ = writeln!(out, "        {ty} {attribute}{comment}");
            let mut drawn = Vec::new();
            for target in field.ty.model_names().into_iter().filter_map(entity) {
                if drawn.contains(&target) {
                    continue;
                }
                let many = matches!(field.ty, FieldType::Array(_) | FieldType::Map(_));
                // A choice holds one of its variants, maybe not this one.
                let choice = matches!(field.ty, FieldType::Union(_));
                let cardinality = match (many, field.required && !choice) {
                    (true, _) => "}o",
                    (false, true) => "||",
                    (false, false) => "o|",
                };
                let _ = writeln!(
                    relations,
                    "    e{idx} ||--{cardinality} {target} : \"{}\"",
                    identifier(field_name)
                );
                drawn.push(target);
            }
        }
        let _ = writeln!(out, "    }}");
    }
    out.push_str(&relations);
    out
}

/// A type as an ER attribute type: `[A-Za-z0-9_]` plus `[]` for lists.
fn er_type(ty: &FieldType) -> String {
    match ty {
        FieldType::Array(item) => format!("{}[]", er_type(item)),
        FieldType::Map(item) => format!("map_{}", er_type(item)),
        FieldType::Enum(_) => "enum".to_owned(),
        FieldType::Model(name) => er_word(name),
        FieldType::Union(union) => match union.kind {
            UnionKind::OneOf => "one_of".to_owned(),
            UnionKind::AnyOf => "any_of".to_owned(),
        },
        FieldType::AllOf(_) => "all_of".to_owned(),
        other => er_word(&other.shorthand()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out() {
        assert_eq!(escape_label("POST /api/v1/orders"), "POST /api/v1/orders");
        assert_eq!(escape_label("a; b"), "a#59; b");
        assert_eq!(escape_label("x\nend\ny"), "x end y");
        assert_eq!(
            escape_label("%%{init: {}}%%"),
            "#37;#37;#123;init#58; #123;#125;#125;#37;#37;"
        );
        assert_eq!(escape_label("<script>"), "#60;script#62;");
        assert_eq!(escape_label("#35;"), "#35;35#59;");
        assert_eq!(escape_label("a --> b"), "a --#62; b");
        assert_eq!(escape_label("Größe 名前"), "Größe 名前");
        assert_eq!(escape_label("  "), "#160;");
        assert_eq!(escape_label("End"), "#69;nd");
        assert_eq!(escape_label("end -> API"), "#101;nd -#62; API");
        assert_eq!(escape_label("Endpoint"), "Endpoint");
        assert_eq!(escape_label("\"quoted\""), "#34;quoted#34;");
    }

    #[test]
    fn branch_labels_use_look_alikes_instead_of_codes() {
        assert_eq!(
            escape_branch_label("In stock; ship"),
            "In stock\u{37e} ship"
        );
        assert_eq!(
            escape_branch_label("a <b> #1 %%"),
            "a <b> \u{ff03}1 \u{ff05}\u{ff05}"
        );
        assert_eq!(escape_branch_label("x < 5 > y"), "x < 5 > y");
        // Mermaid would break the line at `<br>`, in any spelling.
        assert_eq!(
            escape_branch_label("a<br>b <BR /> c <br/><bread> < br>"),
            "a\u{2039}br>b \u{2039}BR /> c \u{2039}br/><bread> < br>"
        );
        assert_eq!(escape_branch_label("end"), "#101;nd");
        assert!(!escape_branch_label("x; y # z").contains(['#', ';']));
    }

    #[test]
    fn er_words_are_never_keywords() {
        assert_eq!(er_word("pk"), "pk_");
        assert_eq!(er_word("Class"), "Class_");
        assert_eq!(er_word("ZERO_OR_MORE"), "ZERO_OR_MORE_");
        assert_eq!(er_word("order_id"), "order_id");
        let model = Model::default();
        let diagram = models_diagram(&[("Class", &model), ("To", &model)]);
        assert!(diagram.contains("e0[\"Class\"] {"), "{diagram}");
        assert!(diagram.contains("e1[\"To\"] {"), "{diagram}");
    }

    #[test]
    fn identifiers_are_plain() {
        assert_eq!(identifier("OrderItem"), "OrderItem");
        assert_eq!(identifier("shipped-at"), "shipped_at");
        assert_eq!(identifier("1st"), "m_1st");
        assert_eq!(identifier("a b\"c"), "a_b_c");
    }
}
