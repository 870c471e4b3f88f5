//! The dependency rule, checked: source code dependencies point only inward.
//!
//! Reads the workspace's real dependency graph (`cargo metadata`) and fails if an inner ring
//! depends, directly or through any other crate, on an outer ring or on a technology the
//! inner rings must not know. The domain may use std and thiserror, nothing else; the use
//! cases may add the domain. Dev-dependencies do not count: they are not part of the ring.
//!
//! The last tests prove the check bites: they add a forbidden edge to the graph (the
//! equivalent of one line in a manifest) and see it fail, naming the path.

// The graph helpers read cargo's own JSON: a panic naming the missing field is the report.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::process::Command;
use std::sync::LazyLock;

use serde_json::Value;

/// What an inner ring must never reach, directly or transitively.
const TECHNOLOGIES: [&str; 12] = [
    "tokio", "sqlx", "axum", "clap", "serde", "hyper", "tower", "reqwest", "lettre", "mongodb",
    "tracing", "uuid",
];

// ANCHOR: rule
/// The rings, innermost first, and what each may depend on directly besides the rings inside it.
const RINGS: [(&str, &[&str]); 4] = [
    ("clean-domain", &["thiserror"]),
    ("clean-app", &["thiserror"]),
    ("clean-adapters", &[]),
    ("clean", &[]),
];

/// Every way `graph` breaks the dependency rule, as sentences with the path that breaks it.
fn violations(graph: &Graph) -> Vec<String> {
    let mut found = Vec::new();
    for (ring, (name, allowed)) in RINGS.iter().enumerate() {
        let inner: Vec<&str> = RINGS[..ring].iter().map(|(n, _)| *n).collect();
        let outer: Vec<&str> = RINGS[ring + 1..].iter().map(|(n, _)| *n).collect();
        let is_inner_ring = ring < 2;
        for (reached, path) in graph.reachable(name) {
            if outer.contains(&reached.as_str()) {
                found.push(format!(
                    "{name} depends on the outer ring {reached}: {}",
                    path.join(" -> ")
                ));
            } else if is_inner_ring && TECHNOLOGIES.contains(&reached.as_str()) {
                found.push(format!(
                    "{name} depends on {reached}, which an inner ring must not know: {}",
                    path.join(" -> ")
                ));
            }
        }
        if is_inner_ring {
            for direct in graph.direct(name) {
                if !allowed.contains(&direct.as_str()) && !inner.contains(&direct.as_str()) {
                    found.push(format!(
                        "{name} depends directly on {direct}; it may use only {}",
                        allowed
                            .iter()
                            .chain(&inner)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }
    }
    found
}
// ANCHOR_END: rule

/// Packages by name, and the normal and build edges between them.
#[derive(Clone)]
struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    fn from_metadata(metadata: &Value) -> Self {
        let names: BTreeMap<&str, &str> = metadata["packages"]
            .as_array()
            .expect("packages")
            .iter()
            .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
            .collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for node in metadata["resolve"]["nodes"]
            .as_array()
            .expect("a resolved graph")
        {
            let from = names[node["id"].as_str().unwrap()].to_owned();
            for dep in node["deps"].as_array().unwrap() {
                let counts = dep["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|kind| kind["kind"].as_str() != Some("dev"));
                if counts {
                    let to = names[dep["pkg"].as_str().unwrap()].to_owned();
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        Graph { edges }
    }

    fn direct(&self, from: &str) -> BTreeSet<String> {
        self.edges.get(from).cloned().unwrap_or_default()
    }

    /// Every package `from` reaches, with the shortest path to it.
    fn reachable(&self, from: &str) -> Vec<(String, Vec<String>)> {
        let mut paths: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut queue = VecDeque::from([vec![from.to_owned()]]);
        while let Some(path) = queue.pop_front() {
            let last = path.last().unwrap();
            for next in self.direct(last) {
                if next != from && !paths.contains_key(&next) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    paths.insert(next, longer.clone());
                    queue.push_back(longer);
                }
            }
        }
        paths.into_iter().collect()
    }

    fn add_edge(&mut self, from: &str, to: &str) {
        self.edges
            .entry(from.to_owned())
            .or_default()
            .insert(to.to_owned());
    }
}

/// The workspace's graph for this machine's platform (read once, shared by the tests).
fn workspace_graph() -> Graph {
    static GRAPH: LazyLock<Graph> = LazyLock::new(|| {
        let rustc = Command::new("rustc")
            .arg("-vV")
            .output()
            .expect("rustc runs");
        let host = String::from_utf8_lossy(&rustc.stdout)
            .lines()
            .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
            .expect("rustc names its host");
        let output = Command::new(env!("CARGO"))
            .args(["metadata", "--format-version", "1", "--locked", "--offline"])
            .args(["--filter-platform", &host])
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Graph::from_metadata(&serde_json::from_slice(&output.stdout).expect("cargo's JSON"))
    });
    GRAPH.clone()
}

#[test]
fn the_rings_keep_the_dependency_rule() {
    let graph = workspace_graph();
    assert_eq!(
        graph.direct("clean-domain"),
        BTreeSet::from(["thiserror".to_owned()])
    );
    assert_eq!(violations(&graph), Vec::<String>::new());
}

#[test]
fn the_check_bites_when_the_use_cases_reach_for_sqlx() {
    let mut graph = workspace_graph();
    graph.add_edge("clean-app", "sqlx");
    let found = violations(&graph);
    assert!(
        found.contains(
            &"clean-app depends on sqlx, which an inner ring must not know: clean-app -> sqlx"
                .to_owned()
        ),
        "{found:#?}"
    );
}

#[test]
fn the_check_bites_when_a_technology_comes_in_through_another_crate() {
    // One line in the domain's manifest, `factory = ...`, and tokio, serde, lettre and reqwest
    // all come with it: each is named, with the path it came by.
    let mut graph = workspace_graph();
    graph.add_edge("clean-domain", "factory");
    let found = violations(&graph);
    for expected in [
        "clean-domain depends directly on factory; it may use only thiserror",
        "clean-domain depends on tokio, which an inner ring must not know: clean-domain -> factory -> tokio",
        "clean-domain depends on serde, which an inner ring must not know: clean-domain -> factory -> serde",
    ] {
        assert!(
            found.contains(&expected.to_owned()),
            "missing {expected:?} in {found:#?}"
        );
    }
}

#[test]
fn the_check_bites_when_an_arrow_points_outward() {
    let mut graph = workspace_graph();
    graph.add_edge("clean-domain", "clean-app");
    let found = violations(&graph);
    assert!(
        found.contains(
            &"clean-domain depends on the outer ring clean-app: clean-domain -> clean-app"
                .to_owned()
        ),
        "{found:#?}"
    );
    let mut graph = workspace_graph();
    graph.add_edge("clean-app", "clean-adapters");
    assert!(
        violations(&graph)
            .iter()
            .any(|v| v.starts_with("clean-app depends on the outer ring clean-adapters")),
        "the use cases may not know the adapters"
    );
}
