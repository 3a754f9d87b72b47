use super::*;
use serde_json::json;

fn ok(text: &str) -> Field {
    parse_field(text).unwrap_or_else(|err| panic!("{text}: {err:?}"))
}

fn err(text: &str) -> ShorthandError {
    parse_field(text).expect_err(text).errors.remove(0)
}

#[test]
fn the_seed_fields_parse() {
    let field = ok("string (required, max 50 chars)");
    assert_eq!(field.ty, FieldType::String);
    assert!(field.required);
    assert_eq!(field.constraints.max_length, Some(50));

    let field = ok("integer (required, min 1, max 999)");
    assert_eq!(
        (field.constraints.min, field.constraints.max),
        (Some(1.0), Some(999.0))
    );

    let field = ok("decimal (required, 2 decimal places)");
    assert_eq!(field.ty, FieldType::Decimal);
    assert_eq!(field.constraints.decimal_places, Some(2));

    let field = ok(r"string (required, format: \d{5}(-\d{4})?)");
    assert_eq!(
        field.constraints.pattern.as_deref(),
        Some(r"\d{5}(-\d{4})?")
    );
}

#[test]
fn composite_types_parse() {
    let field = ok("array of OrderItem (required, min 1)");
    assert_eq!(
        field.ty,
        FieldType::Array(Box::new(FieldType::Model("OrderItem".into())))
    );
    assert_eq!(field.constraints.min, Some(1.0));
    assert_eq!(
        ok("map of array of integer").ty,
        FieldType::Map(Box::new(FieldType::Array(Box::new(FieldType::Integer))))
    );
    let field = ok("enum(pending, paid, shipped, cancelled) (required)");
    assert_eq!(
        field.ty,
        FieldType::Enum(vec![
            "pending".into(),
            "paid".into(),
            "shipped".into(),
            "cancelled".into()
        ])
    );
    assert!(field.required);
    assert_eq!(ok("Address").ty, FieldType::Model("Address".into()));
}

#[test]
fn description_follows_double_dash() {
    let field = ok("string (required) -- unique per order attempt");
    assert_eq!(
        field.description.as_deref(),
        Some("unique per order attempt")
    );
    let field = ok("enum(items, shipping) -- include nested objects");
    assert_eq!(field.description.as_deref(), Some("include nested objects"));
    // A regex may contain `--`; only text after the flag list is a description.
    let field = ok("string (format: a--b) -- the -- rest");
    assert_eq!(field.constraints.pattern.as_deref(), Some("a--b"));
    assert_eq!(field.description.as_deref(), Some("the -- rest"));
}

#[test]
fn format_regex_may_hold_commas_classes_and_escapes() {
    assert_eq!(
        ok("string (format: [A-Z]{1,3})")
            .constraints
            .pattern
            .as_deref(),
        Some("[A-Z]{1,3}")
    );
    assert_eq!(
        ok(r"string (required, format: ^[)(]\)x$)")
            .constraints
            .pattern
            .as_deref(),
        Some(r"^[)(]\)x$")
    );
}

#[test]
fn every_bad_flag_is_reported() {
    let rejected = parse_field("string (requird, min 1 chars, mx 3, optional)").unwrap_err();
    let messages: Vec<&str> = rejected.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("requird"), "{messages:?}");
    assert!(messages[1].contains("mx"), "{messages:?}");
    assert_eq!(rejected.ty, Some(FieldType::String));
}

#[test]
fn item_types_nest_a_bounded_depth() {
    let nested = |levels: usize| format!("{}string", "array of ".repeat(levels));
    assert!(parse_field(&nested(MAX_TYPE_NESTING)).is_ok());
    let error = err(&nested(9000));
    assert!(error.message.contains("nest deeper"), "{error:?}");
}

#[test]
fn singular_units_read_and_print_as_english() {
    assert_eq!(ok("string (min 1 char)").constraints.min_length, Some(1));
    assert_eq!(
        ok("decimal (1 decimal place)").constraints.decimal_places,
        Some(1)
    );
    let describe = |text: &str| {
        let field = ok(text);
        field.constraints.describe(&field.ty).join(", ")
    };
    assert_eq!(
        describe("array of string (min 1, max 10)"),
        "min 1 item, max 10 items"
    );
    assert_eq!(
        describe("string (min 1 chars, max 2 chars)"),
        "min 1 char, max 2 chars"
    );
    assert_eq!(describe("decimal (1 decimal places)"), "1 decimal place");
    assert_eq!(describe("integer (min 1)"), "min 1");
}

#[test]
fn default_and_example_are_typed() {
    let field = ok("integer (default 10, example 25)");
    assert_eq!(field.default, Some(json!(10)));
    assert_eq!(field.example, Some(json!(25)));
    // Findings about a value point at it: character offsets into the shorthand.
    assert_eq!(field.value_offsets.default, Some(17));
    assert_eq!(field.value_offsets.example, Some(29));
    assert_eq!(ok("enum(é,b) (example b)").value_offsets.example, Some(19));
    assert_eq!(ok(r#"string (default "")"#).default, Some(json!("")));
    assert_eq!(ok("string").value_offsets, Default::default());
    assert_eq!(
        ok("string (example ORD-12345678)").example,
        Some(json!("ORD-12345678"))
    );
    assert_eq!(
        ok(r#"string (example "a, b")"#).example,
        Some(json!("a, b"))
    );
    assert_eq!(ok("boolean (default false)").default, Some(json!(false)));
    assert_eq!(ok("array of string (default [])").default, Some(json!([])));
}

#[test]
fn json_values_run_to_their_closing_bracket() {
    let field = ok(r#"array of enum(open, paid) (example ["open", "paid"], required)"#);
    assert_eq!(field.example, Some(json!(["open", "paid"])));
    assert!(field.required);
    let field = ok(r#"object (default {"a": [1, 2], "b": "x, ]"}, deprecated)"#);
    assert_eq!(field.default, Some(json!({"a": [1, 2], "b": "x, ]"})));
    assert!(field.deprecated);
    // Never closed: read up to the next comma, as before, and refused as JSON.
    assert!(
        err(r#"array of string (example ["a", "b")"#)
            .message
            .contains("is not a JSON value")
    );
}

#[test]
fn numbers_keep_their_text() {
    let text = |shorthand: &str| {
        let field = ok(shorthand);
        let value = field.example.or(field.default).unwrap();
        serde_json::to_string(&value).unwrap()
    };
    assert_eq!(text("decimal (example 12.50)"), "12.50");
    assert_eq!(text("number (default 1e3)"), "1e3");
    assert_eq!(text("integer (example -0)"), "-0");
    assert_eq!(
        text("integer (example 12345678901234567890123)"),
        "12345678901234567890123"
    );
    assert_eq!(text("array of number (default [1E3])"), "[1E3]");
    assert_eq!(text(r#"any (example {"b": 10.00})"#), r#"{"b":10.00}"#);
    // Texts JSON does not write are read as numbers, as before.
    assert_eq!(text("number (example .5)"), "0.5");
    assert_eq!(text("integer (example +5)"), "5");
    assert_eq!(
        err("integer (example 1e3)").message,
        "`1e3` is not an integer"
    );
    assert_eq!(
        err("number (example 1e400)").message,
        "`1e400` is not a number"
    );
}

#[test]
fn errors_point_at_the_column() {
    let error = err("string (requird)");
    assert_eq!(error.message, "unknown flag `requird`");
    assert_eq!(error.column, 8);
    assert_eq!(error.help.as_deref(), Some("did you mean `required`?"));

    let error = err("integer (required, max 50");
    assert_eq!(error.column, 8, "{error:?}");
    assert!(error.message.contains("never closed"));

    let error = err("string (min 5)");
    assert!(error.message.contains("ambiguous"));
    assert_eq!(
        error.help.as_deref(),
        Some("write `min 5 chars` for a length")
    );

    let error = err("integer (default ten)");
    assert_eq!(error.message, "`ten` is not an integer");
    assert_eq!(error.column, 17);

    assert_eq!(
        err("array OrderItem").message,
        "expected `of` after `array`"
    );
    assert!(err("enum(a, b").message.contains("never closed"));
    assert!(
        err("string required")
            .message
            .contains("unexpected `required`")
    );
    assert_eq!(err("").message, "expected a type");
    assert_eq!(err("(required)").column, 0);
    // Non-ASCII text counts columns in characters.
    let error = err("Größe (wrong)");
    assert_eq!(error.column, 7);
}

#[test]
fn format_without_its_colon_is_explained() {
    let error = err("string (required, format uuid)");
    assert_eq!(error.message, "unknown flag `format`");
    let help = error.help.clone().unwrap();
    assert!(help.contains("`format: REGEX`"), "{help}");
    assert!(help.contains("`uuid`"), "{help}");
}

#[test]
fn misspelled_builtins_are_caught() {
    assert_eq!(misspelled_builtin("strng"), Some("string"));
    assert_eq!(misspelled_builtin("integr"), Some("integer"));
    assert_eq!(misspelled_builtin("Order"), None);
    assert_eq!(misspelled_builtin("string"), None);
}

#[test]
fn binary_has_sizes_in_bytes() {
    let field = ok("binary (required, max 10 MB) -- the signed declaration");
    assert_eq!(field.ty, FieldType::Binary);
    assert!(field.required);
    assert_eq!(field.constraints.max_size, Some(10_000_000));
    assert_eq!(ok("binary (min 1 KiB)").constraints.min_size, Some(1024));
    assert_eq!(
        ok("binary (max 1.5 mb)").constraints.max_size,
        Some(1_500_000)
    );
    assert_eq!(ok("binary (max 512 bytes)").constraints.max_size, Some(512));
    assert_eq!(
        ok("binary (example label.pdf)").example,
        Some(json!("label.pdf"))
    );
    let describe = |text: &str| {
        let field = ok(text);
        field.constraints.describe(&field.ty).join(", ")
    };
    assert_eq!(
        describe("binary (min 1 B, max 10 MB)"),
        "min 1 byte, max 10 MB"
    );
    assert_eq!(describe("binary (max 5 MiB)"), "max 5 MiB");
    assert_eq!(describe("binary (max 1500 B)"), "max 1500 bytes");
    assert_eq!(describe("binary (max 2.5 KB)"), "max 2500 bytes");
    assert_eq!(describe("binary (max 3 GB)"), "max 3 GB");
}

#[test]
fn sizes_belong_to_binary_and_binary_to_sizes() {
    let error = err("binary (max 10)");
    assert_eq!(error.message, "`max 10` on binary needs a unit");
    assert_eq!(error.column, 8);
    assert!(error.help.unwrap().contains("`max 10 MB`"));
    let error = err("binary (max 10 chars)");
    assert!(error.message.contains("a size, not a length"), "{error:?}");
    let error = err("string (max 10 MB)");
    assert_eq!(
        error.message,
        "`max 10 MB` is a size, which only `binary` has"
    );
    assert_eq!(error.column, 15);
    assert!(error.help.unwrap().contains("max 50 chars"));
    assert!(err("integer (max 10 KB)").help.unwrap().contains("no unit"));
    assert!(
        err("binary (max 0.5 B)")
            .message
            .contains("whole number of bytes")
    );
    // An unknown word after the number is left to the flag list.
    assert!(
        err("binary (max 10 parsecs)")
            .message
            .contains("needs a unit")
    );
    assert_eq!(misspelled_builtin("binray"), Some("binary"));
}

#[test]
fn choices_list_their_types_and_take_a_discriminator() {
    let field = ok("one of Card, BankTransfer (required, by type) -- how to pay");
    let FieldType::Union(union) = &field.ty else {
        panic!("{field:?}");
    };
    assert_eq!(union.kind, UnionKind::OneOf);
    assert_eq!(
        union
            .variants
            .iter()
            .map(|v| v.ty.clone())
            .collect::<Vec<_>>(),
        [
            FieldType::Model("Card".into()),
            FieldType::Model("BankTransfer".into())
        ]
    );
    assert_eq!(
        union.discriminator.as_ref().map(|d| d.property.as_str()),
        Some("type")
    );
    assert!(field.required);
    assert_eq!(field.description.as_deref(), Some("how to pay"));
    assert_eq!(field.ty.shorthand(), "one of Card, BankTransfer");

    // Any types, nested in arrays; the discriminator belongs to the items' choice.
    let field = ok("array of any of string, array of integer, enum(a, b) (by kind)");
    let FieldType::Array(item) = &field.ty else {
        panic!("{field:?}");
    };
    let FieldType::Union(union) = item.as_ref() else {
        panic!("{item:?}");
    };
    assert_eq!(union.kind, UnionKind::AnyOf);
    assert_eq!(union.variants.len(), 3);
    assert_eq!(union.discriminator.as_ref().unwrap().property, "kind");
    // `any` and a model named `one` keep their meaning.
    assert_eq!(ok("any (required)").ty, FieldType::Any);
    assert_eq!(ok("one").ty, FieldType::Model("one".into()));
    assert_eq!(
        ok("array of any").ty,
        FieldType::Array(Box::new(FieldType::Any))
    );
}

#[test]
fn choices_of_one_type_and_stray_discriminators_are_refused() {
    let error = err("one of Card");
    assert_eq!(
        error.message,
        "a choice needs two or more types: `one of` lists one"
    );
    assert!(
        error.is_unclosed(),
        "a comma in a flow mapping cuts it short"
    );
    assert_eq!(error.column, 0);
    let error = err("string (by type)");
    assert!(error.message.contains("not one"), "{error:?}");
    assert_eq!(error.column, 8);
    assert!(err("one of A, B (by )").message.contains("needs the name"));
    assert_eq!(
        err("one of A, B (bye type)").help.as_deref(),
        Some("did you mean `by`?")
    );
}

/// Every error a shorthand gets, as `column: message`.
fn errors(text: &str) -> Vec<String> {
    parse_field(text)
        .expect_err(text)
        .errors
        .iter()
        .map(|error| format!("{}: {}", error.column, error.message))
        .collect()
}

#[test]
fn a_second_flag_that_sets_the_same_thing_is_refused() {
    assert_eq!(
        errors("string (min 1 char, min 2 chars)"),
        ["20: `min` is given twice: `min 1 char`, then `min 2 chars`"]
    );
    let error = err("integer (required, optional)");
    assert_eq!(
        error.message,
        "`required`, then `optional`: a field is one or the other"
    );
    assert_eq!(error.column, 19);
    assert_eq!(
        error.help.as_deref(),
        Some("keep the one you mean; without either, a field is optional")
    );
    let error = err("integer (required, max 5, required)");
    assert_eq!(error.message, "`required` is given twice");
    assert_eq!(error.help.as_deref(), Some("remove one"));
    assert_eq!(
        errors("decimal (2 decimal places, 3 decimal places, default 1, default 2)"),
        [
            "27: the number of decimal places is given twice: `2 decimal places`, then `3 decimal places`",
            "56: `default` is given twice: `default 1`, then `default 2`",
        ]
    );
    assert_eq!(
        errors("one of A, B (by type, by kind)"),
        ["22: the discriminator (`by`) is given twice: `by type`, then `by kind`"]
    );
    assert_eq!(
        errors("array of string (style form, explode true, style form, explode false)"),
        [
            "43: `style form` is given twice",
            "55: `explode` is given twice: `explode true`, then `explode false`",
        ]
    );
    assert_eq!(
        errors("binary (max 1 MB, max 2 MB)"),
        ["18: `max` is given twice: `max 1 MB`, then `max 2 MB`"]
    );
    // Bounds at both ends, and flags that set different things, stay as they were.
    let field = ok("integer (required, deprecated, min 1, max 9, default 3, example 4)");
    assert_eq!(
        (field.constraints.min, field.constraints.max),
        (Some(1.0), Some(9.0))
    );
    // A flag that failed is not counted: the one after it is not a repetition.
    assert_eq!(errors("integer (min x, min 1)"), ["13: expected a number"]);
}

#[test]
fn flags_the_type_has_no_use_for_are_refused() {
    let error = err("string (2 decimal places)");
    assert_eq!(
        error.message,
        "`2 decimal places` does not apply to `string`"
    );
    assert_eq!(error.column, 8);
    assert_eq!(
        error.help.as_deref(),
        Some("decimal places are a `decimal`'s or a `number`'s; remove it")
    );
    assert_eq!(
        err("integer (1 decimal place)").help.as_deref(),
        Some(
            "decimal places are a `decimal`'s or a `number`'s; for a number with decimals write `decimal (2 decimal places)`, or remove it"
        )
    );
    let error = err(r"integer (required, format: \d+)");
    assert_eq!(error.message, r"`format: \d+` does not apply to `integer`");
    assert_eq!(error.column, 19);
    assert_eq!(
        err("boolean (min 1)").message,
        "`min 1` does not apply to `boolean`"
    );
    assert_eq!(
        err("boolean (max 2 chars)").message,
        "`max 2 chars` does not apply to `boolean`"
    );
    assert_eq!(
        err("Order (max 3)").help.as_deref(),
        Some(
            "`min N` and `max N` bound a number (`integer`, `number`, `decimal`) or the item count of an array; a model's rules belong to the fields it declares; remove it here"
        )
    );
    // On an array whose items it fits, the help says how to bound each item.
    let error = err("array of string (max 5 chars)");
    assert_eq!(error.message, "`max 5 chars` does not apply to an array");
    assert!(
        error
            .help
            .as_deref()
            .unwrap()
            .ends_with("`type: array` and `items: 'string (max 5 chars)'`"),
        "{error:?}"
    );
    // `min N` on a map could mean its member count or each value's bound.
    let error = err("map of integer (max 3)");
    assert_eq!(error.message, "`max 3` on a map is ambiguous");
    assert!(
        error
            .help
            .as_deref()
            .unwrap()
            .starts_with("write `max 3 members` for a member count; to bound each value"),
        "{error:?}"
    );
    assert_eq!(
        err("array of string (min 1 member)").help.as_deref(),
        Some(
            "`min N members` and `max N members` bound the member count of a map or an `object`; the item count of an array is `min N` and `max N`, without a unit"
        )
    );
    // Each misfit is reported, and the flags that fit are kept.
    assert_eq!(
        errors("boolean (required, min 1, 2 decimal places)"),
        [
            "19: `min 1` does not apply to `boolean`",
            "26: `2 decimal places` does not apply to `boolean`",
        ]
    );
    // A misspelt type is reported as such, not its flags.
    // (the lowering reports the type)
    assert_eq!(ok("integr (min 1)").constraints.min, Some(1.0));
}

#[test]
fn maps_and_objects_count_their_members() {
    let field = ok("map of integer (min 1 member, max 10 members)");
    assert_eq!(
        (
            field.constraints.min_properties,
            field.constraints.max_properties
        ),
        (Some(1), Some(10))
    );
    assert_eq!(
        field.constraints.describe(&field.ty),
        ["min 1 member", "max 10 members"]
    );
    assert_eq!(
        ok("object (max 3 members)").constraints.max_properties,
        Some(3)
    );
    assert_eq!(
        err("map of string (min 1.5 members)").message,
        "a count must be a whole number, not `1.5`"
    );
}
