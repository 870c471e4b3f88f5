//! Checks for exercise `repository3`: `exercises/repository/src/ex3_pagination.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/repository/src/ex3_pagination.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/repository/src/ex3_pagination.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{Page, User, page};

fn users(order: &[u32]) -> Vec<User> {
    order
        .iter()
        .map(|n| User {
            email: format!("user{n:02}@example.com"),
            name: format!("User {n}"),
        })
        .collect()
}

fn emails(users: &[User]) -> Vec<String> {
    users.iter().map(|u| u.email.clone()).collect()
}

#[test]
fn a_page_is_ordered_by_email_whatever_the_input_order() {
    let shuffled = users(&[7, 3, 9, 1, 5, 2, 8, 4, 6, 0]);
    assert_eq!(
        emails(&page(
            &shuffled,
            Page {
                offset: 0,
                limit: 3
            }
        )),
        [
            "user00@example.com",
            "user01@example.com",
            "user02@example.com"
        ],
        "the first page should hold the three smallest emails"
    );
    let reversed: Vec<User> = shuffled.iter().rev().cloned().collect();
    assert_eq!(
        page(
            &shuffled,
            Page {
                offset: 3,
                limit: 3
            }
        ),
        page(
            &reversed,
            Page {
                offset: 3,
                limit: 3
            }
        ),
        "the same page must not depend on the order the store returned the users in"
    );
}

#[test]
fn consecutive_pages_cover_everyone_exactly_once() {
    let all = users(&[4, 0, 9, 2, 7, 5, 1, 8, 3, 6, 10]);
    let mut seen = Vec::new();
    for offset in (0..all.len()).step_by(4) {
        seen.extend(emails(&page(&all, Page { offset, limit: 4 })));
    }
    let expected: Vec<String> = (0..=10)
        .map(|n| format!("user{n:02}@example.com"))
        .collect();
    assert_eq!(seen, expected, "pages repeated or skipped someone");
}

#[test]
fn past_the_end_and_zero_limits_are_empty() {
    let all = users(&[2, 1, 0]);
    assert!(
        page(
            &all,
            Page {
                offset: 3,
                limit: 5
            }
        )
        .is_empty(),
        "an offset at the end gives an empty page"
    );
    assert!(
        page(
            &all,
            Page {
                offset: 50,
                limit: 5
            }
        )
        .is_empty(),
        "an offset past the end gives an empty page"
    );
    assert!(
        page(
            &all,
            Page {
                offset: 0,
                limit: 0
            }
        )
        .is_empty(),
        "a limit of 0 gives an empty page"
    );
    assert_eq!(
        page(
            &all,
            Page {
                offset: 1,
                limit: 10
            }
        )
        .len(),
        2,
        "the last page may be short"
    );
}
