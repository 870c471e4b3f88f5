//! # Layered architecture: each layer does one job, and only talks to the one below
//!
//! A request to register a user passes through four layers, each in its own module:
//!
//! 1. [`routes`]: which URL goes to which controller;
//! 2. [`controller`]: HTTP: parse and validate the input, map errors to status codes;
//! 3. [`service`]: the business rules: normalised emails, no duplicates, hashed passwords;
//! 4. the repository, `service::repository`: the SQL;
//!
//! and then the database (SQLite by default, PostgreSQL with `DATABASE_URL`). [`startup`]
//! builds them and plugs them together, once, when the process starts. The point is that each
//! can change without the others: a new HTTP framework touches routes and controllers; a new
//! database touches the repository and start-up; a new business rule touches the service.
//!
//! Module privacy keeps the layering honest: the repository is a private module *inside* the
//! service, so a controller cannot reach the database except through the service's rules.
//! The service itself is generic over its storage port, `UserStore`, so its rules are tested
//! against a store in memory.

pub mod controller;
pub mod routes;
pub mod service;
pub mod startup;
pub mod trace;
