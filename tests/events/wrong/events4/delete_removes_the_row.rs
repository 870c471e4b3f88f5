//! Known-wrong answer to `events4`: a delete removes the user's row.
//! Breaks: "and the row is not removed (or the late create would count her again)"
//! Why a learner writes it: a deleted user is gone, and removing her row keeps the map small and
//! the figures right, in order. But a duplicate create delivered after the delete finds no row,
//! makes a new one, and bob is counted again.
//! Rejected by: a_deleted_user_stays_deleted, a_delete_before_its_create_is_remembered

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
        match event {
            UserEvent::UserCreated { user_id, plan } => {
                let row = self.users.entry(user_id.clone()).or_default();
                row.created = true;
                if row.plan_version < 1 {
                    row.plan = plan.clone();
                    row.plan_version = 1;
                }
            }
            UserEvent::PlanChanged {
                user_id,
                plan,
                user_version,
            } => {
                let row = self.users.entry(user_id.clone()).or_default();
                if *user_version > row.plan_version {
                    row.plan = plan.clone();
                    row.plan_version = *user_version;
                }
            }
            UserEvent::UserDeleted { user_id } => {
                self.users.remove(user_id);
            }
        }
    }
}
