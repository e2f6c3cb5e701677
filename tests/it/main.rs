//! The integration tests: the built binary against a fake Hub on 127.0.0.1.
//! One crate, so `common` is compiled once and every helper in it is used.
//! Off Unix only `entrypoint` runs: the others clear the environment and call
//! `sh`, which Windows can't do.
#![allow(clippy::disallowed_methods, clippy::disallowed_macros)]

#[cfg(unix)]
mod bounds;
#[cfg(unix)]
mod buckets;
#[cfg(unix)]
mod cli;
#[cfg_attr(not(unix), allow(dead_code))]
mod common;
#[cfg(unix)]
mod diagnoses;
mod entrypoint;
#[cfg(unix)]
mod fixtures;
#[cfg(unix)]
mod github;
mod glance;
#[cfg(unix)]
mod grants;
#[cfg(unix)]
mod harden;
#[cfg(unix)]
mod hostile;
#[cfg(unix)]
mod leaks;
#[cfg(unix)]
mod local;
#[cfg(unix)]
mod network;
#[cfg(unix)]
mod quota;
#[cfg(unix)]
mod refusals;
#[cfg(unix)]
mod report;
#[cfg(target_os = "linux")]
mod signals;
#[cfg(unix)]
mod snapshots;
#[cfg(unix)]
mod wrapper;
