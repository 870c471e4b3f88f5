//! The book includes its code from the crates with `{{#include file:anchor}}`, so that what the
//! reader sees compiles and is tested. mdBook renders a missing file or anchor as an empty block
//! without a word; this check makes that drift fail `cargo test` instead.

use std::path::{Path, PathBuf};

fn book_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book/src")
}

/// Every chapter of the book: (file name, text).
fn chapters() -> Vec<(String, String)> {
    let mut chapters = Vec::new();
    for entry in std::fs::read_dir(book_src()).expect("book/src exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).expect("a chapter is text");
        chapters.push((name, text));
    }
    chapters
}

/// Every `{{#include ...}}` in the book: (chapter, target path, anchor or line range).
fn includes() -> Vec<(String, PathBuf, Option<String>)> {
    let mut found = Vec::new();
    for (chapter, text) in chapters() {
        for piece in text.split("{{#include ").skip(1) {
            let Some((spec, _)) = piece.split_once("}}") else {
                continue;
            };
            let (file, selector) = match spec.split_once(':') {
                Some((file, selector)) => (file, Some(selector.to_owned())),
                None => (spec, None),
            };
            found.push((chapter.clone(), book_src().join(file.trim()), selector));
        }
    }
    found
}

#[test]
fn every_include_in_the_book_names_a_file_and_anchor_that_exist() {
    let includes = includes();
    assert!(
        !includes.is_empty(),
        "the book includes no code at all: is book/src there?"
    );
    for (chapter, file, selector) in includes {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|error| {
            panic!(
                "{chapter} includes {}, which cannot be read: {error}",
                file.display()
            )
        });
        let Some(selector) = selector else { continue };
        if selector
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == ':')
        {
            continue; // a line range
        }
        assert!(
            text.contains(&format!("ANCHOR: {selector}\n"))
                && text.contains(&format!("ANCHOR_END: {selector}\n")),
            "{chapter} includes the anchor `{selector}` of {}, which has no \
             `// ANCHOR: {selector}` ... `// ANCHOR_END: {selector}` pair",
            file.display()
        );
    }
}

/// mdBook renders a missing image as a broken one without a word, too.
#[test]
fn every_image_in_the_book_exists() {
    let mut images = 0;
    for (chapter, text) in chapters() {
        for piece in text.split("![").skip(1) {
            let Some(target) = piece
                .split_once("](")
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(target, _)| target)
            else {
                continue;
            };
            images += 1;
            assert!(
                book_src().join(target).is_file(),
                "{chapter} shows the image {target}, which does not exist"
            );
        }
    }
    assert!(
        images >= 3,
        "the chapters' diagrams are gone: {images} images"
    );
}
