//! Checks for exercise `events4`: `exercises/events/src/ex4_projection.rs`.
//!
//! Each check folds user events into a fresh `Projection`, in order, out of order, with
//! duplicates, and in every order of a small set; then it compares the figures with what the
//! events say.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/events/src/ex4_projection.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex4_projection.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/events/src/ex4_projection.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::BTreeMap;

use exercise::{Projection, Stats, UserEvent};

fn created(user: &str, plan: &str) -> UserEvent {
    UserEvent::UserCreated {
        user_id: user.to_owned(),
        plan: plan.to_owned(),
    }
}

fn plan_changed(user: &str, plan: &str, user_version: u64) -> UserEvent {
    UserEvent::PlanChanged {
        user_id: user.to_owned(),
        plan: plan.to_owned(),
        user_version,
    }
}

fn deleted(user: &str) -> UserEvent {
    UserEvent::UserDeleted {
        user_id: user.to_owned(),
    }
}

/// `Created(ada, free)`, `PlanChanged(ada, pro, v2)`, `Deleted(bob)`.
fn show(events: &[&UserEvent]) -> String {
    let shown: Vec<String> = events
        .iter()
        .map(|event| match event {
            UserEvent::UserCreated { user_id, plan } => format!("Created({user_id}, {plan})"),
            UserEvent::PlanChanged {
                user_id,
                plan,
                user_version,
            } => format!("PlanChanged({user_id}, {plan}, v{user_version})"),
            UserEvent::UserDeleted { user_id } => format!("Deleted({user_id})"),
        })
        .collect();
    format!("[{}]", shown.join(", "))
}

fn stats(users: u64, by_plan: &[(&str, u64)]) -> Stats {
    Stats {
        users,
        by_plan: by_plan
            .iter()
            .map(|(plan, count)| ((*plan).to_owned(), *count))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn project(events: &[&UserEvent]) -> Stats {
    let mut projection = Projection::new();
    for event in events {
        projection.apply(event);
    }
    projection.stats()
}

#[test]
fn in_order_the_figures_are_right() {
    let (ada, bob, ada_pro, cy, cy_gone) = (
        created("ada", "free"),
        created("bob", "pro"),
        plan_changed("ada", "pro", 2),
        created("cy", "free"),
        deleted("cy"),
    );
    let events = [&ada, &bob, &ada_pro, &cy, &cy_gone];
    assert_eq!(
        project(&events),
        stats(2, &[("pro", 2)]),
        "after {}, there should be 2 users, both on pro (cy was deleted)",
        show(&events)
    );
}

#[test]
fn a_duplicate_changes_nothing() {
    let (ada, ada_pro, bob, bob_gone) = (
        created("ada", "free"),
        plan_changed("ada", "pro", 2),
        created("bob", "free"),
        deleted("bob"),
    );
    let events = [
        &ada, &ada, &ada_pro, &ada_pro, &bob, &bob_gone, &bob_gone, &ada,
    ];
    assert_eq!(
        project(&events),
        stats(1, &[("pro", 1)]),
        "after {}, with events delivered more than once, there should be 1 user, ada on pro: a \
         duplicate changes nothing",
        show(&events)
    );
}

#[test]
fn a_delete_before_its_create_is_remembered() {
    let (bob, bob_gone) = (created("bob", "free"), deleted("bob"));
    for events in [[&bob_gone, &bob], [&bob, &bob_gone]] {
        assert_eq!(
            project(&events),
            stats(0, &[]),
            "after {}, there should be no user: a delete that arrives before its create leaves \
             a tombstone, and the user is never counted",
            show(&events)
        );
    }
}

#[test]
fn a_deleted_user_stays_deleted() {
    let (bob, bob_gone) = (created("bob", "free"), deleted("bob"));
    let events = [&bob, &bob_gone, &bob];
    assert_eq!(
        project(&events),
        stats(0, &[]),
        "after {}, there should be no user: a create delivered again after the delete does not \
         bring bob back",
        show(&events)
    );
}

#[test]
fn a_late_create_keeps_the_newer_plan() {
    let (ada, ada_pro) = (created("ada", "free"), plan_changed("ada", "pro", 2));
    let events = [&ada_pro, &ada];
    assert_eq!(
        project(&events),
        stats(1, &[("pro", 1)]),
        "after {}, ada should be counted on pro: her create is her version 1, older than the \
         plan change (version 2) that arrived first",
        show(&events)
    );
}

#[test]
fn the_highest_user_version_wins() {
    let (ada, to_pro, to_team) = (
        created("ada", "free"),
        plan_changed("ada", "pro", 2),
        plan_changed("ada", "team", 3),
    );
    let events = [&ada, &to_team, &to_pro];
    assert_eq!(
        project(&events),
        stats(1, &[("team", 1)]),
        "after {}, ada should be counted on team: her version 3 wins over version 2, whatever \
         arrived last",
        show(&events)
    );
}

/// Every order of `items` (Heap's algorithm).
fn permutations<T: Copy>(items: &[T]) -> Vec<Vec<T>> {
    fn heap<T: Copy>(k: usize, items: &mut Vec<T>, out: &mut Vec<Vec<T>>) {
        if k <= 1 {
            out.push(items.clone());
            return;
        }
        heap(k - 1, items, out);
        for i in 0..k - 1 {
            if k.is_multiple_of(2) {
                items.swap(i, k - 1);
            } else {
                items.swap(0, k - 1);
            }
            heap(k - 1, items, out);
        }
    }
    let mut items = items.to_vec();
    let mut out = Vec::new();
    heap(items.len(), &mut items, &mut out);
    out
}

#[test]
fn every_order_with_duplicates_gives_the_same_figures() {
    let events = [
        created("ada", "free"),
        plan_changed("ada", "pro", 2),
        plan_changed("ada", "team", 3),
        created("bob", "free"),
        deleted("bob"),
        created("cy", "pro"),
    ];
    let refs: Vec<&UserEvent> = events.iter().collect();
    let expected = stats(2, &[("pro", 1), ("team", 1)]);
    let orders = permutations(&refs);
    assert_eq!(orders.len(), 720, "the check's own permutations are wrong");
    for order in orders {
        assert_eq!(
            project(&order),
            expected,
            "after {}, there should be 2 users, ada on team (her version 3) and cy on pro (bob \
             was deleted): the figures must not depend on the order the events arrive in",
            show(&order)
        );
        // The same events delivered again, backwards: duplicates, in yet another order.
        let mut twice = order.clone();
        twice.extend(order.iter().rev());
        assert_eq!(
            project(&twice),
            expected,
            "after {}, there should still be 2 users, ada on team and cy on pro: every event \
             delivered a second time changes nothing",
            show(&twice)
        );
    }
}
