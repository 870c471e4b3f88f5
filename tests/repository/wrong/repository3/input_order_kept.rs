//! Known-wrong answer to `repository3`: the page is cut from the users in the order they came.
//! Breaks: "Whatever order `users` comes in, the answer must be the same."
//! Why a learner writes it: the store seems to hand users back in the order they were inserted, so
//! skip and take look like all there is to it; that is the missing `ORDER BY` the chapter warns
//! about.
//! Rejected by: a_page_is_ordered_by_email_whatever_the_input_order

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub limit: usize,
}

/// One page of `users`, ordered by email.
pub fn page(users: &[User], page: Page) -> Vec<User> {
    // The mistake: no sort, so the page depends on the order the users came in.
    users
        .iter()
        .skip(page.offset)
        .take(page.limit)
        .cloned()
        .collect()
}
