//! Known-wrong answer to `microservices2`: any success closes the breaker, even one recorded while it is open.
//! Breaks: "A `record` that comes while the breaker is open (from a call let out before it opened, answering late) changes nothing: not the state, not the time it opened."
//! Why a learner writes it: "a success means the service works" sounds right whenever it comes. But a call
//! let out before the breaker opened can answer late, and closing on it sends the full load to
//! a service that just failed three times in a row.
//! Rejected by: a_late_answer_while_open_changes_nothing

// ---- Given: the states, outcomes and settings. ----

/// Where the breaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Calls go through; failures in a row are counted.
    Closed,
    /// Calls fail at once.
    Open,
    /// One trial call is out; the others fail at once.
    HalfOpen,
}

/// How a call that was allowed went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
}

/// A call the breaker turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected {
    /// Milliseconds until the breaker lets a trial through (0 while a trial is out).
    pub retry_in: u64,
}

/// The breaker's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Failures in a row that open the breaker.
    pub failures_to_open: u32,
    /// How long it stays open before a trial, in milliseconds.
    pub open_for: u64,
}

// ---- Yours. ----

/// A circuit breaker for calls to one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breaker {
    settings: Settings,
    state: State,
    /// Failures in a row, while closed.
    failures: u32,
    /// When it last opened (milliseconds), while open.
    opened_at: u64,
}

impl Breaker {
    /// A closed breaker.
    pub fn new(settings: Settings) -> Self {
        Self {
            settings,
            state: State::Closed,
            failures: 0,
            opened_at: 0,
        }
    }

    pub fn state(&self) -> State {
        self.state
    }

    /// May a call go out at `now`?
    pub fn allow(&mut self, now: u64) -> Result<(), Rejected> {
        match self.state {
            State::Closed => Ok(()),
            State::HalfOpen => Err(Rejected { retry_in: 0 }),
            State::Open => {
                let reopen_at = self.opened_at + self.settings.open_for;
                if now >= reopen_at {
                    self.state = State::HalfOpen;
                    Ok(())
                } else {
                    Err(Rejected {
                        retry_in: reopen_at - now,
                    })
                }
            }
        }
    }

    /// How the call that `allow` let out at some point went, learnt at `now`.
    pub fn record(&mut self, now: u64, outcome: Outcome) {
        match (self.state, outcome) {
            (State::Closed, Outcome::Success) => self.failures = 0,
            (State::Closed, Outcome::Failure) => {
                self.failures += 1;
                if self.failures >= self.settings.failures_to_open {
                    self.open(now);
                }
            }
            (State::HalfOpen | State::Open, Outcome::Success) => {
                self.state = State::Closed;
                self.failures = 0;
            }
            (State::HalfOpen, Outcome::Failure) => self.open(now),
            // A call allowed before the breaker opened, answering late: it changes nothing.
            (State::Open, Outcome::Failure) => {}
        }
    }

    fn open(&mut self, now: u64) {
        self.state = State::Open;
        self.opened_at = now;
        self.failures = 0;
    }
}
