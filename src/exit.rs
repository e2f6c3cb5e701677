//! Every exit status hf-token-check can end with, in one place.
//!
//! The values are sysexits(3) codes so that they don't collide with the 1 and 2
//! of a script the check wraps. The table is printed by `--help` and the README.

/// Why the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Every check passed.
    Ok,
    /// A usage or configuration error: bad flag, bad REPO, bad endpoint, bad proxy or CA bundle.
    Usage,
    /// Could not decide, try again later: Hub unreachable, timeout, 429, 5xx.
    TempFail,
    /// The Hub answered something unexpected (not the documented JSON).
    Protocol,
    /// The token works but access is insufficient: denied, gated, not found, disabled.
    NoPerm,
    /// The token is missing, malformed, rejected by the Hub or about to expire.
    Token,
    /// With `-- COMMAND`: the command was found but could not be executed.
    CannotExec,
    /// With `-- COMMAND`: the command was not found.
    NotFound,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Usage => 64,
            Exit::TempFail => 75,
            Exit::Protocol => 76,
            Exit::NoPerm => 77,
            Exit::Token => 78,
            Exit::CannotExec => 126,
            Exit::NotFound => 127,
        }
    }
}

/// The exit status table, as `--help` and the README show it.
pub const TABLE: &str = "\
EXIT STATUS:
    0    every check passed
    64   usage error: bad flag, bad REPO, bad endpoint, bad proxy or CA bundle,
         a host name that does not exist (DNS NXDOMAIN)
    75   could not decide, try again later: Hub unreachable, timeout, 429, 5xx
    76   the Hub answered something unexpected (not the documented JSON)
    77   the token works but access is insufficient: denied, gated, not found,
         disabled
    78   the token is missing, malformed, rejected by the Hub, expires too soon
         (--min-validity) or is too old (--max-age)
    126  (with -- COMMAND) COMMAND was found but could not be executed
    127  (with -- COMMAND) COMMAND was not found
    129, 130, 143
         interrupted by SIGHUP, SIGINT or SIGTERM during the check (COMMAND
         not started)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_documented_sysexits() {
        let rows = [
            (Exit::Ok, 0),
            (Exit::Usage, 64),
            (Exit::TempFail, 75),
            (Exit::Protocol, 76),
            (Exit::NoPerm, 77),
            (Exit::Token, 78),
            (Exit::CannotExec, 126),
            (Exit::NotFound, 127),
        ];
        for (exit, code) in rows {
            assert_eq!(exit.code(), code, "{exit:?}");
            assert!(
                TABLE.contains(&format!("    {code} ")),
                "{code} missing from the table"
            );
        }
    }
}
