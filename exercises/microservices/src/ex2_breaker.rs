//! # Microservices 2: a circuit breaker's state machine
//!
//! When orders is down, every call to it fails, and each failure costs the caller a timeout or
//! a refused connection, and orders a little more load while it tries to come back. A circuit
//! breaker notices and *opens*: calls fail at once, without touching the network. After a while
//! it lets one trial call through (*half-open*); if the trial succeeds, the breaker closes and
//! traffic flows again; if not, it opens for another while. The crate uses tower-resilience's
//! breaker; here you write the state machine it runs.
//!
//! Time is a number of milliseconds (`now`), passed in by the caller: the breaker never reads a
//! clock, so the checks can say exactly when each call happens.
//!
//! TODO: write `Breaker::allow` and `Breaker::record`:
//! 1. **Closed**: `allow` says yes. `record(Failure)` counts a failure; when
//!    `failures_to_open` failures have come *in a row*, the breaker opens (at `now`). A success
//!    sets the count back to 0: only consecutive failures open it.
//! 2. **Open**: `allow` says `Err(Rejected { retry_in })`, the milliseconds until the breaker
//!    may try again, until `open_for` has passed since it opened. From then on the next `allow`
//!    turns it half-open and says yes: that call is the trial.
//! 3. **Half-open**: while the trial is out, every other `allow` is `Err(Rejected
//!    { retry_in: 0 })`: one trial only, not a stampede. `record(Success)` closes the breaker
//!    (count 0); `record(Failure)` opens it again, for a full `open_for` from *this* `now`.
//! 4. `state()` says where it is: `State::Closed`, `State::Open` or `State::HalfOpen`.
//! 5. A `record` that comes while the breaker is open (from a call let out before it opened,
//!    answering late) changes nothing: not the state, not the time it opened.
//!
//! Check your work with `cargo learn check microservices2`; stuck? `cargo learn hint microservices2`.

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

/// A circuit breaker for calls to one service. Its fields are yours to change.
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
        todo!()
    }

    /// May a call go out at `now`?
    pub fn allow(&mut self, now: u64) -> Result<(), Rejected> {
        todo!()
    }

    /// How the call that `allow` let out at some point went, learnt at `now`.
    pub fn record(&mut self, now: u64, outcome: Outcome) {
        todo!()
    }
}
