//! Checks for exercise `repository3`: `exercises/repository/src/ex3_pagination.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/repository/src/ex3_pagination.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex3_pagination.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/repository/src/ex3_pagination.rs"
)]
#[allow(unused)]
mod exercise;

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use exercise::{Page, User, page};

/// Users numbered `order`, in that order. Their names sort the other way round from their
/// emails (user00 is "User 99", user09 is "User 90"), so sorting by the wrong field shows.
fn users(order: &[u32]) -> Vec<User> {
    order
        .iter()
        .map(|n| User {
            email: format!("user{n:02}@example.com"),
            name: format!("User {}", 99 - n),
        })
        .collect()
}

fn emails(users: &[User]) -> Vec<String> {
    users.iter().map(|u| u.email.clone()).collect()
}

/// The emails of `page(users, Page { offset, limit })`; a panic fails the check with the input
/// and `rule`, rather than with an index out of bounds.
fn page_of(users: &[User], offset: usize, limit: usize, rule: &str) -> Vec<String> {
    let result = catch_unwind(AssertUnwindSafe(|| page(users, Page { offset, limit })));
    match result {
        Ok(found) => emails(&found),
        // `todo!()` is not a mistake of the answer: let its own message through.
        Err(payload) if panic_text(payload.as_ref()).contains("not yet implemented") => {
            resume_unwind(payload)
        }
        Err(_) => panic!(
            "page of {} users with Page {{ offset: {offset}, limit: {limit} }} panicked instead \
             of answering: {rule}",
            users.len()
        ),
    }
}

fn panic_text(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("")
}

fn expected(numbers: std::ops::RangeInclusive<u32>) -> Vec<String> {
    numbers.map(|n| format!("user{n:02}@example.com")).collect()
}

#[test]
fn a_page_is_ordered_by_email_whatever_the_input_order() {
    let order = [7, 3, 9, 1, 5, 2, 8, 4, 6, 0];
    let shuffled = users(&order);
    let rule = "users are sorted by email before the page is cut";
    assert_eq!(
        page_of(&shuffled, 0, 3, rule),
        expected(0..=2),
        "users numbered {order:?}, Page {{ offset: 0, limit: 3 }}: the first page should hold \
         the three smallest emails, in order: {rule}"
    );
    assert_eq!(
        page_of(&shuffled, 3, 3, rule),
        expected(3..=5),
        "users numbered {order:?}, Page {{ offset: 3, limit: 3 }}: the second page should hold \
         the next three emails, in order: {rule}"
    );
    let reversed: Vec<User> = shuffled.iter().rev().cloned().collect();
    assert_eq!(
        page(
            &reversed,
            Page {
                offset: 3,
                limit: 3
            }
        ),
        page(
            &shuffled,
            Page {
                offset: 3,
                limit: 3
            }
        ),
        "Page {{ offset: 3, limit: 3 }} of the same users in reverse order should be the same \
         page, names included: whatever order `users` comes in, the answer must be the same"
    );
}

#[test]
fn consecutive_pages_cover_everyone_exactly_once() {
    let order = [4, 0, 9, 2, 7, 5, 1, 8, 3, 6, 10];
    let all = users(&order);
    let mut seen = Vec::new();
    for offset in (0..all.len()).step_by(4) {
        seen.extend(page_of(
            &all,
            offset,
            4,
            "the last page may be short (3 of the 11 users here)",
        ));
    }
    assert_eq!(
        seen,
        expected(0..=10),
        "users numbered {order:?}, pages of limit 4 at offsets 0, 4 and 8, one after the other: \
         they should hold every user exactly once, in email order (the offset counts users, \
         not pages)"
    );
}

#[test]
fn an_offset_at_or_past_the_end_is_an_empty_page() {
    let all = users(&[2, 1, 0]);
    let rule = "an offset past the end gives an empty page";
    for offset in [3, 4, 50] {
        assert_eq!(
            page_of(&all, offset, 5, rule),
            Vec::<String>::new(),
            "3 users, Page {{ offset: {offset}, limit: 5 }}: {rule}"
        );
    }
}

#[test]
fn a_zero_limit_is_an_empty_page() {
    let all = users(&[2, 1, 0]);
    let rule = "at most `limit` users are taken, so a limit of 0 takes none";
    assert_eq!(
        page_of(&all, 0, 0, rule),
        Vec::<String>::new(),
        "3 users, Page {{ offset: 0, limit: 0 }}: {rule}"
    );
}

#[test]
fn the_last_page_may_be_short() {
    let all = users(&[2, 1, 0]);
    let rule = "at most `limit` users are taken: the last page holds what is left";
    assert_eq!(
        page_of(&all, 1, 10, rule),
        expected(1..=2),
        "3 users, Page {{ offset: 1, limit: 10 }}: {rule}"
    );
}
