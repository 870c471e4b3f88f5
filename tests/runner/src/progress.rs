//! The learner's progress: the set of exercise ids they have solved, in `.learn/progress.toml`
//! (git-ignored). Keyed by the stable ids, not names or paths, so it survives exercises being
//! renamed, reordered or added upstream; ids it no longer knows are kept, not dropped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default)]
    done: BTreeSet<String>,
    /// How many times the learner asked for each exercise's hint: the first ask gets the first
    /// hint, later ones the fuller one too.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    hints_asked: BTreeMap<String, u32>,
    #[serde(skip)]
    path: PathBuf,
}

impl Progress {
    pub const DIR: &str = ".learn";

    /// Reads the progress file; a missing one means nothing is done yet.
    pub fn load(root: &Path) -> anyhow::Result<Self> {
        let path = root.join(Self::DIR).join("progress.toml");
        let damaged = || {
            format!(
                "{} is damaged; delete it to start your progress afresh",
                path.display()
            )
        };
        let mut progress: Self = match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).with_context(damaged)?;
                toml::from_str(&text).with_context(damaged)?
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Self::default(),
            Err(error) => return Err(error).context(format!("cannot read {}", path.display())),
        };
        progress.path = path;
        Ok(progress)
    }

    pub fn is_done(&self, id: &str) -> bool {
        self.done.contains(id)
    }

    /// Records that the learner asked for the hint of `id`; returns how many times they have,
    /// this time included.
    pub fn ask_hint(&mut self, id: &str) -> anyhow::Result<u32> {
        let asked = self.hints_asked.entry(id.to_owned()).or_default();
        *asked += 1;
        let asked = *asked;
        self.save()?;
        Ok(asked)
    }

    /// Records the outcome of a check; saves only when something changed.
    pub fn record(&mut self, id: &str, passed: bool) -> anyhow::Result<()> {
        let changed = if passed {
            self.done.insert(id.to_owned())
        } else {
            self.done.remove(id)
        };
        if changed { self.save() } else { Ok(()) }
    }

    fn save(&self) -> anyhow::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let text = format!(
            "# Your progress in `cargo learn`: the ids of the exercises you have solved.\n{}",
            toml::to_string(self)?
        );
        // Write then rename, so that an interrupted save never leaves a half-written file.
        let tmp = self.path.with_extension("toml.tmp");
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_root(name: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("learn-progress-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        root
    }

    #[test]
    fn progress_round_trips_and_keeps_ids_it_does_not_know() {
        let root = temp_root("roundtrip");
        std::fs::create_dir_all(root.join(".learn")).unwrap();
        std::fs::write(
            root.join(".learn/progress.toml"),
            "done = [\"an-exercise-removed-upstream\"]\n",
        )
        .unwrap();
        let mut progress = Progress::load(&root).unwrap();
        progress.record("observer-on-emit", true).unwrap();
        let again = Progress::load(&root).unwrap();
        assert!(again.is_done("observer-on-emit"));
        assert!(again.is_done("an-exercise-removed-upstream"));
        let mut again = again;
        again.record("observer-on-emit", false).unwrap();
        assert!(!Progress::load(&root).unwrap().is_done("observer-on-emit"));
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_missing_file_is_no_progress_and_a_damaged_one_is_a_clear_error() {
        let root = temp_root("damaged");
        assert!(!Progress::load(&root).unwrap().is_done("x"));
        std::fs::create_dir_all(root.join(".learn")).unwrap();
        std::fs::write(root.join(".learn/progress.toml"), "done = [oops").unwrap();
        let error = Progress::load(&root).unwrap_err();
        assert!(format!("{error:#}").contains("delete it"), "{error:#}");
        std::fs::write(root.join(".learn/progress.toml"), b"done = [\"\xff\"]").unwrap();
        let error = Progress::load(&root).unwrap_err();
        assert!(format!("{error:#}").contains("delete it"), "{error:#}");
        std::fs::remove_dir_all(root).unwrap();
    }
}
