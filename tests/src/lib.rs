//! Shared helpers for the checks.
