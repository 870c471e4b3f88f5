//! # Repository 3: pages that neither repeat nor skip
//!
//! `list(page)` is where repositories quietly go wrong. Without an `ORDER BY`, a database may
//! return rows in any order it likes, and a different one on the next query: page 2 can repeat
//! a user from page 1 and skip another. The fix is an order on something unique. Here the
//! users are ordered by email (unique, and meaningful to read).
//!
//! TODO: implement `page`: the users sorted by email, then `page.offset` of them skipped, then
//! at most `page.limit` taken. Whatever order `users` comes in, the answer must be the same.
//! An offset past the end gives an empty page.
//!
//! Check your work with `cargo learn check repository3`; stuck? `cargo learn hint repository3`.

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
    todo!()
}
