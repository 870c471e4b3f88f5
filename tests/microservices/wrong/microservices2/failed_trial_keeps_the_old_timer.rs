//! Known-wrong answer to `microservices2`: a failed trial reopens the breaker from when it first opened.
//! Breaks: "`record(Failure)` opens it again, for a full `open_for` from *this* `now`."
//! Why a learner writes it: the breaker was already timed once, and "open again" can look like going back
//! to that state as it was. But its time is already up: the next call is another trial at once,
//! and the dead service gets a call on every request instead of a rest.
//! Rejected by: a_trial_that_fails_opens_it_for_a_full_while_from_then

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
            (State::HalfOpen, Outcome::Success) => {
                self.state = State::Closed;
                self.failures = 0;
            }
            (State::HalfOpen, Outcome::Failure) => {
                let first_opened = self.opened_at;
                self.open(first_opened);
            }
            // A call allowed before the breaker opened, answering late: it changes nothing.
            (State::Open, _) => {}
        }
    }

    fn open(&mut self, now: u64) {
        self.state = State::Open;
        self.opened_at = now;
        self.failures = 0;
    }
}
