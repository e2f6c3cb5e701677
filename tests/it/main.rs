//! The integration tests: the built binary against a fake Hub on 127.0.0.1.
//! One crate, so `common` is compiled once and every helper in it is used.
#![allow(clippy::disallowed_methods, clippy::disallowed_macros)]

mod bounds;
mod cli;
mod common;
mod diagnoses;
mod leaks;
mod local;
mod network;
mod wrapper;
