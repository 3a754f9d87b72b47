//! The old version of a spec, to compare a new one with: a file, or the same file at a git
//! revision (`git:v2.0.0`). A revision's YAML and JSON files are written out to a temporary
//! folder, so the files a spec imports or `$ref`s are read at that revision too.

use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where the old version comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Baseline {
    /// The spec's own path at a git revision (a tag, a branch, a commit).
    Git(String),
    /// A file; or a folder holding the old files under the same relative paths.
    Path(PathBuf),
}

impl Baseline {
    /// `git:REV`, or a path.
    pub fn parse(text: &str) -> Baseline {
        match text.strip_prefix("git:") {
            Some(rev) => Baseline::Git(rev.to_owned()),
            None => Baseline::Path(PathBuf::from(text)),
        }
    }
}

/// Why the old version cannot be read.
#[derive(Debug)]
pub enum BaselineError {
    /// `git` could not be run.
    NoGit(std::io::Error),
    /// The spec is not in a git working tree.
    NotARepository {
        /// Where git was asked.
        dir: PathBuf,
        /// What git said.
        stderr: String,
    },
    /// The revision is not in the repository (in a shallow clone, most often).
    UnknownRevision {
        /// The revision asked for.
        rev: String,
        /// Whether the clone is shallow.
        shallow: bool,
    },
    /// The revision has no file at the spec's path.
    NotAtRevision {
        /// The spec's path in the repository.
        path: PathBuf,
        /// The revision.
        rev: String,
    },
    /// Another git failure.
    Git {
        /// The command that failed.
        command: String,
        /// What git said.
        stderr: String,
    },
    /// Writing the revision's files out failed.
    Io(std::io::Error),
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaselineError::NoGit(err) => write!(
                f,
                "cannot run `git` to read a `git:` baseline: {err}; install git, or name the old file instead"
            ),
            BaselineError::NotARepository { stderr, .. } => write!(
                f,
                "the spec is not in a git repository, so a `git:` baseline cannot be read ({})",
                stderr.trim()
            ),
            BaselineError::UnknownRevision { rev, shallow: true } => write!(
                f,
                "unknown git revision `{rev}`: this clone is shallow (as CI checkouts are by default) and does not have it; fetch it first (`git fetch --depth=1 origin tag {rev}` for a tag, `git fetch origin {rev}` for a branch), or check out the full history (`fetch-depth: 0` with actions/checkout)"
            ),
            BaselineError::UnknownRevision {
                rev,
                shallow: false,
            } => write!(
                f,
                "unknown git revision `{rev}`: check its name (`git tag`, `git branch -a`); a revision of a remote must be fetched first (`git fetch origin {rev}`)"
            ),
            BaselineError::NotAtRevision { path, rev } => write!(
                f,
                "`{}` does not exist at git revision `{rev}`",
                path.display()
            ),
            BaselineError::Git { command, stderr } => {
                write!(f, "`{command}` failed: {}", stderr.trim())
            }
            BaselineError::Io(err) => write!(f, "cannot write out the old files: {err}"),
        }
    }
}

impl std::error::Error for BaselineError {}

/// The YAML and JSON files of a git revision, written out under a temporary folder that
/// lives as long as this does.
pub struct Revision {
    folder: tempfile::TempDir,
    /// The working tree's top folder, which the revision's paths are relative to.
    top: PathBuf,
    rev: String,
}

impl Revision {
    /// Writes out the files of `rev` of the repository that holds `near` (a folder).
    pub fn checkout(near: &Path, rev: &str) -> Result<Revision, BaselineError> {
        let top = git(near, &["rev-parse", "--show-toplevel"]).map_err(|err| match err {
            BaselineError::Git { stderr, .. } => BaselineError::NotARepository {
                dir: near.to_path_buf(),
                stderr,
            },
            other => other,
        })?;
        let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
        let top = top.canonicalize().unwrap_or(top);
        let commit = match git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &format!("{rev}^{{commit}}"),
            ],
        ) {
            Ok(commit) => String::from_utf8_lossy(&commit).trim().to_owned(),
            Err(BaselineError::Git { .. }) => {
                let shallow = git(&top, &["rev-parse", "--is-shallow-repository"])
                    .is_ok_and(|out| out.starts_with(b"true"));
                return Err(BaselineError::UnknownRevision {
                    rev: rev.to_owned(),
                    shallow,
                });
            }
            Err(other) => return Err(other),
        };
        let listing = git(&top, &["ls-tree", "-r", "-z", "--full-tree", &commit])?;
        // `<mode> blob <object>\t<path>`: regular files that a spec may read.
        let files: Vec<(String, String)> = listing
            .split(|byte| *byte == 0)
            .filter_map(|entry| {
                let entry = std::str::from_utf8(entry).ok()?;
                let (meta, path) = entry.split_once('\t')?;
                let mut meta = meta.split(' ');
                let (mode, kind, object) = (meta.next()?, meta.next()?, meta.next()?);
                let readable = matches!(mode, "100644" | "100755") && kind == "blob";
                let spec_like = [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|ext| path.to_ascii_lowercase().ends_with(ext));
                (readable && spec_like).then(|| (object.to_owned(), path.to_owned()))
            })
            .collect();
        let folder = tempfile::Builder::new()
            .prefix("integration-spec-baseline-")
            .tempdir()
            .map_err(BaselineError::Io)?;
        let contents = cat_files(&top, files.iter().map(|(object, _)| object.as_str()))?;
        for ((_, path), content) in files.iter().zip(contents) {
            let target = folder.path().join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(BaselineError::Io)?;
            }
            std::fs::write(&target, content).map_err(BaselineError::Io)?;
        }
        Ok(Revision {
            folder,
            top,
            rev: rev.to_owned(),
        })
    }

    /// The folder the revision's files are in: the root its specs are resolved against.
    pub fn root(&self) -> &Path {
        self.folder.path()
    }

    /// The path of `file` (in the working tree) relative to the repository's top folder,
    /// when the revision has it.
    pub fn relative(&self, file: &Path) -> Result<PathBuf, BaselineError> {
        let absolute = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
        let relative = absolute
            .strip_prefix(&self.top)
            .map(Path::to_path_buf)
            .unwrap_or(absolute);
        if self.folder.path().join(&relative).is_file() {
            Ok(relative)
        } else {
            Err(BaselineError::NotAtRevision {
                path: relative,
                rev: self.rev.clone(),
            })
        }
    }
}

/// Runs git in `dir`, returning its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, BaselineError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(BaselineError::NoGit)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(BaselineError::Git {
            command: format!("git {}", args.join(" ")),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }
}

/// The contents of `objects`, in order, through one `git cat-file --batch`.
fn cat_files<'a>(
    dir: &Path,
    objects: impl Iterator<Item = &'a str>,
) -> Result<Vec<Vec<u8>>, BaselineError> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(BaselineError::NoGit)?;
    let request: String = objects.map(|object| format!("{object}\n")).collect();
    let piped = |what: &str| BaselineError::Git {
        command: "git cat-file --batch".into(),
        stderr: format!("no {what} pipe"),
    };
    let mut stdin = child.stdin.take().ok_or_else(|| piped("input"))?;
    // Written on a thread: git answers while it reads, and both pipes have limits.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .ok_or_else(|| piped("output"))?
        .read_to_end(&mut out)
        .map_err(BaselineError::Io)?;
    let status = child.wait().map_err(BaselineError::Io)?;
    let _ = writer.join();
    if !status.success() {
        return Err(BaselineError::Git {
            command: "git cat-file --batch".into(),
            stderr: format!("exit status {status}"),
        });
    }
    // `<object> <type> <size>\n<content>\n`, one after another.
    let mut contents = Vec::new();
    let mut rest = out.as_slice();
    while let Some(end) = rest.iter().position(|byte| *byte == b'\n') {
        let header = String::from_utf8_lossy(&rest[..end]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|size| size.parse().ok())
            .ok_or_else(|| BaselineError::Git {
                command: "git cat-file --batch".into(),
                stderr: format!("unexpected answer `{header}`"),
            })?;
        let body = &rest[end + 1..];
        if body.len() < size {
            break;
        }
        contents.push(body[..size].to_vec());
        rest = body.get(size + 1..).unwrap_or_default();
    }
    Ok(contents)
}
