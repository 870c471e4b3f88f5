//! Every event version ever written is stored in `fixtures/`, as it was written, and is read
//! here with today's code. A change that makes an old event unreadable (a renamed field, a
//! dropped upcaster, a new required field) fails this test, in CI, instead of failing a replay
//! in production a year later.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use events::envelope::{Envelope, SCHEMAS};

fn fixtures() -> Vec<(String, Envelope)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut fixtures: Vec<(String, Envelope)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            let envelope = Envelope::from_bytes(&bytes)
                .unwrap_or_else(|error| panic!("fixtures/{name} is not an envelope: {error}"));
            (name, envelope)
        })
        .collect();
    fixtures.sort_by(|a, b| a.0.cmp(&b.0));
    fixtures
}

#[test]
fn every_stored_event_version_still_reads_and_means_the_same() {
    let decoded: Vec<String> = fixtures()
        .iter()
        .map(|(name, envelope)| {
            let event = envelope
                .decode()
                .unwrap_or_else(|error| panic!("fixtures/{name} no longer reads: {error}"));
            format!("{name}: {event:?}")
        })
        .collect();
    // What each old event means today: a change of meaning (an upcaster that now picks another
    // plan for v1 users) shows in this snapshot's diff.
    insta::assert_snapshot!(decoded.join("\n"));
}

#[test]
fn every_schema_version_ever_written_has_a_stored_fixture() {
    let fixtures = fixtures();
    for (event_type, version) in SCHEMAS {
        assert!(
            fixtures
                .iter()
                .any(|(_, e)| e.event_type == *event_type && e.version == *version),
            "{event_type} v{version} is in SCHEMAS but has no fixture: store one written by the \
             code that writes it, as fixtures/{event_type}.v{version}.json"
        );
    }
    for (name, envelope) in &fixtures {
        assert!(
            SCHEMAS.contains(&(envelope.event_type.as_str(), envelope.version)),
            "fixtures/{name} is {} v{}, which SCHEMAS does not list",
            envelope.event_type,
            envelope.version
        );
    }
}

#[test]
fn what_this_code_writes_is_a_version_it_reads() {
    // The writer's versions are the newest of each type: a v3 written without its reader
    // (or the reader without the fixture) fails here or above.
    for (event_type, version) in SCHEMAS {
        let newest = SCHEMAS
            .iter()
            .filter(|(t, _)| t == event_type)
            .map(|(_, v)| *v)
            .max()
            .unwrap();
        if *version == newest {
            let fixture = fixtures()
                .into_iter()
                .find(|(_, e)| e.event_type == *event_type && e.version == newest)
                .unwrap();
            let event = fixture.1.decode().unwrap();
            assert_eq!(
                event.version(),
                newest,
                "{event_type}: the code writes v{} but the newest schema is v{newest}",
                event.version()
            );
            // Written again by today's code, it reads back the same.
            let rewritten = Envelope::new(&event, "auth", fixture.1.correlation_id);
            assert_eq!(rewritten.decode().unwrap(), event);
        }
    }
}

#[test]
fn unknown_types_and_versions_are_refused_with_their_reason() {
    let (_, v2) = fixtures()
        .into_iter()
        .find(|(name, _)| name == "UserCreated.v2.json")
        .unwrap();
    let v3 = Envelope {
        version: 3,
        ..v2.clone()
    };
    assert_eq!(
        v3.decode().unwrap_err().to_string(),
        "unknown version 3 of UserCreated"
    );
    let merged = Envelope {
        event_type: "UserMerged".into(),
        ..v2.clone()
    };
    assert_eq!(
        merged.decode().unwrap_err().to_string(),
        "unknown event type \"UserMerged\""
    );
    // A v2 payload labelled v1 does not fit v1: it is not read as a v1 with a missing name.
    let mislabelled = Envelope { version: 1, ..v2 };
    let error = mislabelled.decode().unwrap_err().to_string();
    assert!(
        error.starts_with("the payload of UserCreated v1 does not fit its schema"),
        "{error}"
    );
}
