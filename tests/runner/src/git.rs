//! The little git the runner needs: the shipped stubs live in git's object store, by blob id.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

/// The stub as shipped, from git's object store: offline, and untouched by the learner's commits.
pub fn git_blob(root: &Path, id: &str) -> anyhow::Result<Vec<u8>> {
    let output = Command::new("git")
        .current_dir(root)
        .args(["cat-file", "blob", id])
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!("{}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

pub fn git_hash(root: &Path, file: &Path) -> anyhow::Result<String> {
    let output = Command::new("git")
        .current_dir(root)
        .arg("hash-object")
        .arg(file)
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!("{}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
