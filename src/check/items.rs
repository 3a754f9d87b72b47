//! The results a test expects for the items of a batch (`expect.items`, in a 207
//! Multi-Status), against the errors the endpoint lists and their statuses.

use super::walk::item;
use crate::diagnostic::{Code, Diagnostic, SpecPath};
use crate::spec::{Spec, TestScenario};

/// The items of a batch come with a successful response, each item's error is one the
/// endpoint lists, and an item's status is its error's.
pub(super) fn check(spec: &Spec, id: &str, test: &TestScenario, diags: &mut Vec<Diagnostic>) {
    let Some(expect) = &test.expect else { return };
    if expect.items.is_empty() {
        return;
    }
    let path = item("tests", id).key("expect");
    let mismatch = |message: String, at: &SpecPath, help: &str| {
        Diagnostic::error(Code::TestMismatch, message)
            .at(at)
            .with_help(help)
    };
    if let Some(error) = &expect.error {
        diags.push(mismatch(
            format!("test `{id}` expects error `{error}` for the whole call, and results for its items"),
            &path.key("items"),
            "a call that fails has no item results: expect the items' errors in `items` with a success status such as 207, or remove `items`",
        ));
    } else if let Some(status) = expect.status.filter(|status| !(200..300).contains(status)) {
        diags.push(mismatch(
            format!("test `{id}` expects results for its items with status {status}, which is not a success"),
            &path.key("status"),
            "item results come with the batch's success status, e.g. `status: 207` (Multi-Status)",
        ));
    }
    let endpoint = test
        .endpoint
        .as_ref()
        .and_then(|endpoint| Some((endpoint, spec.endpoints.get(endpoint)?)));
    for (idx, expected) in expect.items.iter().enumerate() {
        let at = path.key("items").index(idx);
        let Some(code) = &expected.error else {
            continue;
        };
        if let Some((endpoint_id, endpoint)) = endpoint
            && spec.errors.contains_key(code)
            && !endpoint.errors.iter().any(|listed| listed == code)
        {
            diags.push(mismatch(
                format!("test `{id}` expects error `{code}` for item {}, which endpoint `{endpoint_id}` does not list", idx + 1),
                &at.key("error"),
                &format!("add `{code}` to the `errors` of `{endpoint_id}`, or expect one it lists"),
            ));
        }
        if let (Some(status), Some(error)) = (expected.status, spec.errors.get(code))
            && status != error.http_status
        {
            diags.push(
                mismatch(
                    format!(
                        "test `{id}` expects status {status} for item {} with error `{code}`, whose status is {}",
                        idx + 1,
                        error.http_status
                    ),
                    &at.key("status"),
                    &format!("expect {} or correct the error's `http_status`", error.http_status),
                )
                .with_label(&item("errors", code).key("http_status"), "the error's status"),
            );
        }
    }
}
