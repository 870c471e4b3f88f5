//! # Events 4: projections and replay
//!
//! The analytics service keeps sign-up statistics: how many users there are, and how many on
//! each plan. It builds them from the auth service's events: a **projection**, a read model
//! that is nothing but the events, folded. So it can be thrown away and rebuilt by replaying
//! the stream, and it must come out the same every time.
//!
//! Every time is the hard part. Events arrive at least once (duplicates), and not always in
//! order: they come from several partitions, and a replay may read them in another order than
//! the first run did. A user's `UserDeleted` can arrive before her `UserCreated`, and a plan
//! change before the sign-up it changes. Counters (`users += 1` on a create, `-= 1` on a
//! delete) cannot survive that. What can is **state per user**, merged so that the order and
//! the repetitions do not matter: the statistics are then computed from the rows.
//!
//! Each user carries her own version number: her `UserCreated` is her version 1, and each
//! `PlanChanged` says the version it made (`user_version`: 2, 3, ...). The plan of the highest
//! version wins, whenever it arrives.
//!
//! TODO: write `Projection::apply(event)`, which updates `self.users` (a `UserRow` per user id,
//! given, and `stats` computes the figures from the rows), so that:
//! 1. `UserCreated { plan }`: the user was created (`created = true`), with `plan` as her
//!    version 1, unless the row already has a plan of a higher version (a `PlanChanged` that
//!    arrived first): a late create keeps the newer plan.
//! 2. `PlanChanged { plan, user_version }`: the plan becomes `plan` only if `user_version` is
//!    higher than the row's `plan_version`: the highest version wins, not the last to arrive.
//! 3. `UserDeleted`: the row becomes a tombstone (`deleted = true`), even if no create arrived
//!    yet, and stays one: a create that arrives after it never brings the user back, and the
//!    row is not removed (or the late create would count her again).
//! 4. Applying an event twice changes nothing: every order of the same events, with any
//!    duplicates, gives the same `stats()`.
//!
//! Check your work with `cargo learn check events4`; stuck? `cargo learn hint events4`.

use std::collections::BTreeMap;

// ---- Given: the events, the figures, and the rows they are computed from. ----

/// What the auth service says happened to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserEvent {
    /// The user signed up: her version 1.
    UserCreated { user_id: String, plan: String },
    /// The user changed plan, making her version `user_version` (2 or more).
    PlanChanged {
        user_id: String,
        plan: String,
        user_version: u64,
    },
    /// The user closed her account, for good.
    UserDeleted { user_id: String },
}

/// The sign-up statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Users created and not deleted.
    pub users: u64,
    /// Those users, by plan (a plan with no users is not listed).
    pub by_plan: BTreeMap<String, u64>,
}

/// What the projection knows about one user, from the events seen so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserRow {
    /// A `UserCreated` was applied.
    pub created: bool,
    /// A `UserDeleted` was applied: a tombstone, never counted again.
    pub deleted: bool,
    /// Her plan as of `plan_version` (empty while `plan_version` is 0: no plan seen yet).
    pub plan: String,
    /// The user version `plan` comes from: 1 from `UserCreated`, more from a `PlanChanged`.
    pub plan_version: u64,
}

/// The sign-up statistics, as a projection of the user events.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    users: BTreeMap<String, UserRow>,
}

impl Projection {
    pub fn new() -> Self {
        Self::default()
    }

    /// The figures: the users created and not deleted, counted, and counted by plan.
    pub fn stats(&self) -> Stats {
        let mut stats = Stats::default();
        for row in self
            .users
            .values()
            .filter(|row| row.created && !row.deleted)
        {
            stats.users += 1;
            *stats.by_plan.entry(row.plan.clone()).or_insert(0) += 1;
        }
        stats
    }
}

// ---- Yours. ----

impl Projection {
    /// Folds one event into the rows, whatever came before it, and however often.
    pub fn apply(&mut self, event: &UserEvent) {
        todo!()
    }
}
