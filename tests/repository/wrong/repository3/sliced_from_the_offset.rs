//! Known-wrong answer to `repository3`: the page is taken from a slice that starts at the offset.
//! Breaks: "An offset past the end gives an empty page."
//! Why a learner writes it: taking at most `limit` with `take` handles a short last page, so the
//! slice from the offset looks safe too; an offset exactly at the end works, one past it panics.
//! Rejected by: an_offset_at_or_past_the_end_is_an_empty_page

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
    // The mistake: indexing from the offset panics when the offset is past the end.
    sorted[page.offset..]
        .iter()
        .take(page.limit)
        .cloned()
        .collect()
}
