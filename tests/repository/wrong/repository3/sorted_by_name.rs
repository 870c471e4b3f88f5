//! Known-wrong answer to `repository3`: the users are sorted by name.
//! Breaks: "the users sorted by email"
//! Why a learner writes it: a listing of people is usually shown sorted by name, and a name is
//! what a person reads; but names are not unique and the statement orders by email.
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
    let mut sorted = users.to_vec();
    // The mistake: sorted by name, not by email.
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    sorted
        .into_iter()
        .skip(page.offset)
        .take(page.limit)
        .collect()
}
