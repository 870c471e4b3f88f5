//! Known-wrong answer to `repository3`: the page is the slice from the offset to offset plus limit.
//! Breaks: "then at most `page.limit` taken"
//! Why a learner writes it: in JavaScript, `users.slice(offset, offset + limit)` clamps both ends
//! to the array; a Rust range index panics when either end is past the end, so the short last page
//! crashes.
//! Rejected by: the_last_page_may_be_short, an_offset_at_or_past_the_end_is_an_empty_page

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
    // The mistake: a range index panics past the end; JavaScript's `slice` would clamp.
    sorted[page.offset..page.offset + page.limit].to_vec()
}
