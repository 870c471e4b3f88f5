//! The book includes its code from the crates (`{{#include file:anchor}}`), so that the code a
//! reader sees is code that compiles. An anchor inside an `impl` block brings the block's
//! indentation along, and mdBook 0.5 keeps it: every line of the snippet starts four spaces
//! in. This preprocessor, which mdBook runs after it has expanded the includes, takes off the
//! indentation that all the lines of a code block share. Nothing else changes.
//!
//! mdBook's protocol: `book-dedent supports <renderer>` answers by its exit code; otherwise the
//! preprocessor reads `[context, book]` as JSON on stdin and writes the book back on stdout.

use std::io::Read;

use anyhow::Context;
use serde_json::Value;

fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("supports") {
        // Every renderer: a dedented code block is plain markdown.
        return Ok(());
    }
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("cannot read the book from mdBook")?;
    let input: Value = serde_json::from_str(&input).context("mdBook sent something else")?;
    let mut book = input
        .get(1)
        .cloned()
        .context("mdBook sent no book: expected [context, book]")?;
    dedent_chapters(&mut book);
    serde_json::to_writer(std::io::stdout(), &book).context("cannot write the book back")?;
    Ok(())
}

/// Finds every chapter's `content`, however deep in the book's sections it sits.
fn dedent_chapters(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(content)) = map.get_mut("content") {
                *content = dedent_code_blocks(content);
            }
            map.values_mut().for_each(dedent_chapters);
        }
        Value::Array(items) => items.iter_mut().for_each(dedent_chapters),
        _ => {}
    }
}

/// Removes, from each fenced code block, the indentation all its non-blank lines share.
fn dedent_code_blocks(markdown: &str) -> String {
    let mut out = Vec::new();
    let mut block: Option<Vec<&str>> = None;
    for line in markdown.split('\n') {
        let fence = line.starts_with("```");
        match block.as_mut() {
            None => {
                out.push(line.to_owned());
                if fence {
                    block = Some(Vec::new());
                }
            }
            Some(lines) if fence => {
                let indent = lines
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.len() - l.trim_start_matches(' ').len())
                    .min()
                    .unwrap_or(0);
                out.extend(
                    lines
                        .iter()
                        .map(|l| l.get(indent..).unwrap_or("").to_owned()),
                );
                out.push(line.to_owned());
                block = None;
            }
            Some(lines) => lines.push(line),
        }
    }
    // An unclosed block is left as it was.
    if let Some(lines) = block {
        out.extend(lines.iter().map(|l| (*l).to_owned()));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::dedent_code_blocks;

    #[test]
    fn a_block_loses_the_indentation_its_lines_share_and_nothing_else_changes() {
        let markdown = "Text\n    indented prose stays\n```rust\n    pub fn on() {\n        \
                        body();\n\n    }\n```\nafter\n```text\nflush\n  not\n```";
        assert_eq!(
            dedent_code_blocks(markdown),
            "Text\n    indented prose stays\n```rust\npub fn on() {\n    body();\n\n}\n```\n\
             after\n```text\nflush\n  not\n```"
        );
    }

    #[test]
    fn an_unclosed_block_is_left_alone() {
        assert_eq!(dedent_code_blocks("```\n    x"), "```\n    x");
    }
}
