//! Known-wrong answer to `repository3`: a limit of 0 is read as "no limit".
//! Breaks: "then at most `page.limit` taken"
//! Why a learner writes it: many APIs and some SQL dialects treat a missing or zero limit as
//! "everything", and a default of 0 makes that look natural.
//! Rejected by: a_zero_limit_is_an_empty_page

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
    sorted.sort_by(|a, b| a.email.cmp(&b.email));
    // The mistake: a limit of 0 is read as "no limit".
    let limit = if page.limit == 0 {
        usize::MAX
    } else {
        page.limit
    };
    sorted.into_iter().skip(page.offset).take(limit).collect()
}
