//! `cargo learn dev bless`: after an author changes a stub on purpose, record it as the stub
//! that ships. The manifest is edited as TOML (with `toml_edit`, which keeps every comment and
//! the layout), and the new stub goes into git's object store, where `reset` finds it.

use std::process::{Command, ExitCode};

use anyhow::{Context, bail};
use toml_edit::{DocumentMut, value};

use crate::Ctx;
use crate::git::git_hash;
use crate::manifest::Manifest;

pub fn bless(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    let path = ctx.root.join(Manifest::PATH);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut changed = Vec::new();
    for exercise in &ctx.manifest.exercises {
        let hash = git_hash(&ctx.root, &exercise.file)?;
        if hash != exercise.stub {
            changed.push((exercise.name.clone(), hash));
        }
    }
    let text = set_stubs(&text, &changed)?;
    for (name, hash) in &changed {
        let Ok(exercise) = ctx.find(name) else {
            continue;
        };
        // `reset` reads the stub from git's object store: put it there.
        let stored = Command::new("git")
            .current_dir(&ctx.root)
            .args(["hash-object", "-w"])
            .arg(&exercise.file)
            .output()
            .context("cannot run git")?;
        if !stored.status.success() {
            bail!("git hash-object -w {} failed", exercise.file.display());
        }
        println!("{name}: stub is now {hash}");
    }
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    if changed.is_empty() {
        println!("Every stub is already the one recorded.");
    }
    Ok(ExitCode::SUCCESS)
}

/// Sets the `stub` of each named exercise row, and nothing else.
fn set_stubs(text: &str, stubs: &[(String, String)]) -> anyhow::Result<String> {
    let mut doc: DocumentMut = text
        .parse()
        .context("tests/exercises.toml is not valid TOML")?;
    let rows = doc
        .get_mut("exercise")
        .and_then(|rows| rows.as_array_of_tables_mut())
        .context("tests/exercises.toml has no [[exercise]] rows")?;
    for (name, hash) in stubs {
        let row = rows
            .iter_mut()
            .find(|row| row.get("name").and_then(|n| n.as_str()) == Some(name))
            .with_context(|| format!("no [[exercise]] row is named {name}"))?;
        row["stub"] = value(hash.as_str());
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::set_stubs;

    #[test]
    fn bless_changes_only_the_named_rows_stub_and_keeps_the_comments() {
        let text = "# the list\n[[exercise]]\nname = \"a1\"\nstub = \"\" # shipped\n\n\
                    [[exercise]]\nname = \"a2\"\nstub = \"\"\n";
        let blessed = set_stubs(text, &[("a2".into(), "beef".into())]).unwrap();
        assert_eq!(
            blessed,
            "# the list\n[[exercise]]\nname = \"a1\"\nstub = \"\" # shipped\n\n\
             [[exercise]]\nname = \"a2\"\nstub = \"beef\"\n"
        );
        assert!(set_stubs(text, &[("a3".into(), "beef".into())]).is_err());
    }
}
