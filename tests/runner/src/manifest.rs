//! The list of exercises is data, in `tests/exercises.toml`: adding a pattern adds rows there,
//! not code here. This module reads it and finds an exercise by the name a learner typed.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One row of `tests/exercises.toml`. What can be derived from it is not written in it: the
/// solution, the check, its package and the chapter all follow from `pattern` and `file`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Stable key of the learner's progress; never changes.
    pub id: String,
    /// What the learner types, and the check's test target.
    pub name: String,
    pub pattern: String,
    /// The learner's file, relative to the repository root: `exercises/<pattern>/src/<file>`.
    pub file: PathBuf,
    /// The heading of the section of the chapter that teaches it.
    pub section: String,
    /// The git blob id of the stub as shipped.
    pub stub: String,
    /// The first hint: it points the way.
    pub hint: String,
    /// The second, fuller hint, for a learner who asks again.
    pub full_hint: String,
    /// Features of the check package this exercise's check needs. The runner builds every
    /// check with `--no-default-features` and these alone, so that a check package can keep
    /// crates away from the exercises that must do without them.
    #[serde(default)]
    pub features: Vec<String>,
    /// Why some crates are not there: printed under a compile error that names a crate the
    /// check package does not have (rustc's own advice, `cargo add`, would be wrong then).
    #[serde(default)]
    pub rule: Option<String>,
}

impl Exercise {
    /// The package that holds the exercise's check: `tests/<pattern>`, named `checks-<pattern>`.
    pub fn check_package(&self) -> String {
        format!("checks-{}", self.pattern)
    }

    /// The check's source: `tests/<pattern>/<the exercise's file name>`.
    pub fn check_file(&self) -> PathBuf {
        let name = self.file.file_name().unwrap_or_default();
        Path::new("tests").join(&self.pattern).join(name)
    }

    /// The reference solution: the same path under `solutions/` instead of `exercises/`.
    pub fn solution(&self) -> PathBuf {
        match self.file.strip_prefix("exercises") {
            Ok(rest) => Path::new("solutions").join(rest),
            Err(_) => self.file.clone(),
        }
    }

    /// The book page that teaches it: `book/src/<pattern>.md`.
    pub fn chapter(&self) -> PathBuf {
        Path::new("book/src").join(format!("{}.md", self.pattern))
    }

    /// The section's address in the built book, `observer.html#the-emitter`, with the anchor
    /// mdBook gives a heading (lower case, spaces as `-`, punctuation dropped).
    pub fn section_link(&self) -> String {
        let anchor: String = self
            .section
            .chars()
            .filter_map(|c| match c {
                c if c.is_whitespace() => Some('-'),
                c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
                _ => None,
            })
            .collect::<String>()
            .to_lowercase();
        format!("{}.html#{anchor}", self.pattern)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    exercise: Vec<Exercise>,
}

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid exercise list")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("{path}: {problem}")]
    Invalid { path: PathBuf, problem: String },
}

/// All the exercises, in the order they are offered.
#[derive(Debug)]
pub struct Manifest {
    pub exercises: Vec<Exercise>,
}

/// The name the learner typed is not an exercise.
#[derive(Debug, thiserror::Error)]
#[error("there is no exercise named `{name}`{}", suggestion(.closest))]
pub struct UnknownExercise {
    pub name: String,
    pub closest: Vec<String>,
}

fn suggestion(closest: &[String]) -> String {
    match closest {
        [] => ". `cargo learn list` shows them all".to_owned(),
        [one] => format!(". Did you mean `{one}`?"),
        many => format!(". Did you mean one of: {}?", many.join(", ")),
    }
}

impl Manifest {
    pub const PATH: &str = "tests/exercises.toml";

    pub fn load(root: &Path) -> Result<Self, ManifestError> {
        let path = root.join(Self::PATH);
        let text = std::fs::read_to_string(&path).map_err(|source| ManifestError::Read {
            path: path.clone(),
            source,
        })?;
        Self::parse(&text).map_err(|error| match error {
            ParseError::Toml(source) => ManifestError::Parse { path, source },
            ParseError::Invalid(problem) => ManifestError::Invalid { path, problem },
        })
    }

    fn parse(text: &str) -> Result<Self, ParseError> {
        let file: File = toml::from_str(text).map_err(ParseError::Toml)?;
        let manifest = Self {
            exercises: file.exercise,
        };
        for (i, exercise) in manifest.exercises.iter().enumerate() {
            for other in &manifest.exercises[..i] {
                if other.id == exercise.id || other.name == exercise.name {
                    return Err(ParseError::Invalid(format!(
                        "exercises `{}` and `{}` share an id or a name",
                        other.name, exercise.name
                    )));
                }
            }
        }
        Ok(manifest)
    }

    /// Finds an exercise by name, in any case (`Observer1`), or by its number in `cargo learn
    /// list` (`3`); an unknown name gets the closest real names.
    pub fn find(&self, name: &str) -> Result<&Exercise, UnknownExercise> {
        let by_number = name
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.exercises.get(i));
        if let Some(exercise) = by_number.or_else(|| {
            self.exercises
                .iter()
                .find(|e| e.name.eq_ignore_ascii_case(name.trim()))
        }) {
            return Ok(exercise);
        }
        // The names at the smallest edit distance, if it is small enough to be a typo.
        let scored: Vec<(usize, &str)> = self
            .exercises
            .iter()
            .map(|e| (strsim::levenshtein(name, &e.name), e.name.as_str()))
            .filter(|(distance, _)| *distance <= 2.max(name.len() / 3))
            .collect();
        let best = scored.iter().map(|(distance, _)| *distance).min();
        Err(UnknownExercise {
            name: name.to_owned(),
            closest: scored
                .into_iter()
                .filter(|(distance, _)| Some(*distance) == best)
                .take(3)
                .map(|(_, n)| n.to_owned())
                .collect(),
        })
    }
}

enum ParseError {
    Toml(toml::de::Error),
    Invalid(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        Manifest::load(&root).expect("tests/exercises.toml loads")
    }

    #[test]
    fn the_real_manifest_loads_and_every_file_and_solution_exists() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let manifest = manifest();
        assert!(manifest.exercises.len() >= 5);
        for exercise in &manifest.exercises {
            assert!(
                root.join(&exercise.file).is_file(),
                "{}",
                exercise.file.display()
            );
            assert!(
                root.join(exercise.solution()).is_file(),
                "{}",
                exercise.name
            );
            assert!(
                root.join(exercise.chapter()).is_file(),
                "{}",
                exercise.chapter().display()
            );
            assert!(
                !exercise.hint.trim().is_empty() && !exercise.full_hint.trim().is_empty(),
                "{} has no hint",
                exercise.name
            );
        }
    }

    #[test]
    fn a_section_links_to_the_anchor_mdbook_gives_its_heading() {
        let mut exercise = manifest().exercises[0].clone();
        exercise.pattern = "singleton".into();
        exercise.section = "Configuration: `LazyLock`".into();
        assert_eq!(
            exercise.section_link(),
            "singleton.html#configuration-lazylock"
        );
        exercise.section = "1. Trait objects".into();
        assert_eq!(exercise.section_link(), "singleton.html#1-trait-objects");
    }

    #[test]
    fn a_name_is_found_in_any_case_or_by_its_number_in_the_list() {
        let manifest = manifest();
        assert_eq!(manifest.find("Observer1").unwrap().name, "observer1");
        assert_eq!(manifest.find("3").unwrap().name, manifest.exercises[2].name);
        assert!(manifest.find("0").is_err());
        assert!(manifest.find("999").is_err());
    }

    #[test]
    fn a_typo_gets_the_closest_names() {
        let error = manifest().find("observr1").unwrap_err();
        assert_eq!(error.closest, ["observer1"]);
        assert!(error.to_string().contains("Did you mean"), "{error}");
        let error = manifest().find("zzz").unwrap_err();
        assert!(error.closest.is_empty());
        assert!(error.to_string().contains("cargo learn list"), "{error}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let row = |id: &str, name: &str| {
            format!(
                "[[exercise]]\nid = \"{id}\"\nname = \"{name}\"\npattern = \"p\"\nfile = \"exercises/p/a.rs\"\n\
                 section = \"S\"\nstub = \"0\"\nhint = \"h\"\nfull_hint = \"f\"\n"
            )
        };
        let text = format!("{}{}", row("same", "a1"), row("same", "a2"));
        assert!(matches!(
            Manifest::parse(&text),
            Err(ParseError::Invalid(_))
        ));
        let text = format!("{}{}", row("x", "a1"), row("y", "a2"));
        let manifest = Manifest::parse(&text).ok().unwrap();
        assert_eq!(
            manifest.exercises[1].solution(),
            Path::new("solutions/p/a.rs")
        );
    }
}
