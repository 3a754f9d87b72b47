//! The fuzz targets' corpora replayed through the same target bodies on the stable
//! toolchain: every input the fuzzers kept (the seeds and what they found), and every crash
//! fixed since (`fuzz/corpus/<target>/regression-*`), runs on each test run.

use std::fs;
use std::path::Path;

#[path = "../../fuzz/targets.rs"]
#[allow(dead_code)]
mod targets;

use crate::support::manifest_dir;

/// Runs `target` on every file of the corpora named (the first is the target's own).
fn replay(target: fn(&[u8]), corpora: &[&str]) -> usize {
    let mut count = 0;
    for corpus in corpora {
        let dir = manifest_dir().join("fuzz/corpus").join(corpus);
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.is_file() && !is_hidden(path))
            .collect();
        files.sort();
        for file in files {
            let data = fs::read(&file).unwrap();
            let result = std::panic::catch_unwind(|| target(&data));
            assert!(result.is_ok(), "{} fails on {}", corpus, file.display());
            count += 1;
        }
    }
    count
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
}

#[test]
fn directives_corpus() {
    assert!(replay(targets::directives, &["directives"]) >= 40);
}

#[test]
fn load_corpus() {
    assert!(replay(targets::load, &["load"]) >= 100);
}

#[test]
fn pipeline_corpus() {
    assert!(replay(targets::pipeline, &["pipeline", "load"]) >= 100);
}

#[test]
fn shorthand_corpus() {
    assert!(replay(targets::shorthand, &["shorthand"]) >= 100);
}

#[test]
fn flow_steps_corpus() {
    assert!(replay(targets::flow_steps, &["flow_steps"]) >= 50);
}

#[test]
fn diff_corpus() {
    assert!(replay(targets::diff, &["diff"]) >= 90);
}
