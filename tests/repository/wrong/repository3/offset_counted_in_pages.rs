//! Known-wrong answer to `repository3`: the offset is taken as a page number.
//! Breaks: "then `page.offset` of them skipped"
//! Why a learner writes it: many web APIs number pages (`?page=2`) and compute `(page - 1) *
//! limit` or `page * limit`; here the offset already counts users.
//! Rejected by: consecutive_pages_cover_everyone_exactly_once, the_last_page_may_be_short

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
    sorted
        .into_iter()
        // The mistake: the offset counts users, not pages.
        .skip(page.offset * page.limit)
        .take(page.limit)
        .collect()
}
