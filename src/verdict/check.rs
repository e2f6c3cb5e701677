//! One line of the report: what was checked, its status, and the stable code
//! that scripts read from the JSON.

use crate::exit::Exit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    TokenPresent,
    TokenFormat,
    Whoami,
    Read,
    Write,
    /// Least-privilege advice after every check passed (see `privilege.rs`).
    TokenScope,
    /// The Hub's API quota left in this window (see `quota.rs`).
    Quota,
    /// The job's script, scanned for hardcoded tokens (see `crate::scan`).
    Script,
    /// `--jobs NS`: may the token run Hugging Face Jobs there (see `grants.rs`).
    Jobs,
    /// `--inference`: may the token call Inference Providers (see `grants.rs`).
    Inference,
    /// `--pr REPO`: may the token open pull requests there (see `grants.rs`).
    PullRequest,
}

impl CheckKind {
    /// The kind of an access check: `write` or `read`.
    pub fn access(write: bool) -> CheckKind {
        if write {
            CheckKind::Write
        } else {
            CheckKind::Read
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CheckKind::TokenPresent => "token-present",
            CheckKind::TokenFormat => "token-format",
            CheckKind::Whoami => "whoami",
            CheckKind::Read => "read",
            CheckKind::Write => "write",
            CheckKind::TokenScope => "token-scope",
            CheckKind::Quota => "quota",
            CheckKind::Script => "script",
            CheckKind::Jobs => "jobs",
            CheckKind::Inference => "inference",
            CheckKind::PullRequest => "pr",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Warn,
    Skip,
}

/// What a check's verdict rests on, for the checks that decide an access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The Hub answered a request for exactly this (an auth-check's status).
    Proven,
    /// Decided from what the token holds (whoami's role, permissions, org
    /// membership and plan; an OAuth token's scopes): no request proves it.
    Inferred,
}

impl Basis {
    pub fn name(self) -> &'static str {
        match self {
            Basis::Proven => "proven",
            Basis::Inferred => "inferred",
        }
    }
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::Skip => "skip",
        }
    }
}

/// Declares [`Code`] and `Code::ALL` from one list: a code cannot be added
/// without being in `ALL`, so the tests over `ALL` (every code has an
/// `--explain` paragraph giving its exit status) cover it.
macro_rules! codes {
    ($($(#[$meta:meta])* $variant:ident,)+) => {
        /// Every code a check can carry: the JSON `code`, stable for scripts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Code {
            $($(#[$meta])* $variant,)+
        }

        impl Code {
            /// Every code, in the order declared.
            #[cfg(test)]
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];
        }
    };
}

codes! {
    /// No token in `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN` or the token file.
    TokenMissing,
    /// The token's format is wrong (placeholder, quotes, `Bearer `, another service's key...).
    TokenMalformed,
    /// CR/LF or whitespace around the token (a warning: the cleaned value is used).
    TokenWhitespace,
    /// whoami answered 401: invalid, expired or revoked.
    TokenRejected,
    /// The token expires sooner than `--min-validity`, or its expiry can't be verified.
    TokenExpiring,
    /// The token is older than `--max-age` (or its age can't be verified).
    TokenTooOld,
    /// 429 from the Hub.
    RateLimited,
    /// No answer, a network or TLS failure, 408 or 5xx.
    HubUnavailable,
    /// The endpoint's or the proxy's host name does not exist (NXDOMAIN, or no address).
    NameNotFound,
    /// An answer the Hub does not document.
    UnexpectedResponse,
    /// The proxy answered 407: it wants credentials (a configuration error).
    ProxyAuthRequired,
    /// A check produced no outcome (a worker died): a bug, never a pass.
    InternalError,
    /// Gated repo without a grant (or a fine-grained token without gated access).
    Gated,
    /// The repo was disabled by the Hub.
    Disabled,
    /// The repo does not exist or is not visible to this user.
    NotFound,
    /// Read access denied.
    ReadDenied,
    /// Write access denied, or the repo may not be created by this token.
    WriteDenied,
    /// The repo was renamed (a warning: update the name).
    Renamed,
    /// Offline mode: only presence and format were checked (a skip).
    Offline,
    /// `--rank0-only` on a rank other than 0: only presence and format were checked (a skip).
    NotRankZero,
    /// The same `ns/name` exists as another repo type (a warning).
    DidYouMean,
    /// A write to an org namespace where nothing was found: it may be created, or
    /// it may be a private repo hidden from this user (a warning).
    MayExistHidden,
    /// Every check passed, and the token holds more than the job needs (a warning).
    LeastPrivilege,
    /// Few of the Hub's API requests are left in this window (a warning).
    QuotaLow,
    /// The job's script holds a Hugging Face token (a warning).
    TokenHardcoded,
    /// A file the scan was asked to read (a `--scan` path, COMMAND's script)
    /// could not be read in time or at all (a warning).
    NotScanned,
    /// An OAuth or trusted-publisher token lacks the scope a requirement needs.
    ScopeMissing,
    /// The `scope` claim of an OAuth token could not be read, and a requirement depends on it (a warning).
    ScopesUnknown,
    /// The token may not run Hugging Face Jobs in a namespace (`--jobs`).
    JobsDenied,
    /// The token may not call Inference Providers, or bill them to an org (`--inference`, `--bill-to`).
    InferenceDenied,
    /// The token may not open pull requests on a repo (`--pr`).
    PrDenied,
    /// The token's grants do not tell whether a requirement holds (a warning).
    GrantUnknown,
}

impl Code {
    /// The JSON string.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::TokenMissing => "token-missing",
            Code::TokenMalformed => "token-malformed",
            Code::TokenWhitespace => "token-whitespace",
            Code::TokenRejected => "token-rejected",
            Code::TokenExpiring => "token-expiring",
            Code::TokenTooOld => "token-too-old",
            Code::RateLimited => "rate-limited",
            Code::HubUnavailable => "hub-unavailable",
            Code::NameNotFound => "name-not-found",
            Code::UnexpectedResponse => "unexpected-response",
            Code::ProxyAuthRequired => "proxy-auth-required",
            Code::InternalError => "internal-error",
            Code::Gated => "gated",
            Code::Disabled => "disabled",
            Code::NotFound => "not-found",
            Code::ReadDenied => "read-denied",
            Code::WriteDenied => "write-denied",
            Code::Renamed => "renamed",
            Code::Offline => "offline",
            Code::NotRankZero => "not-rank-zero",
            Code::DidYouMean => "did-you-mean",
            Code::MayExistHidden => "may-exist-hidden",
            Code::LeastPrivilege => "least-privilege",
            Code::QuotaLow => "quota-low",
            Code::TokenHardcoded => "token-hardcoded",
            Code::NotScanned => "not-scanned",
            Code::ScopeMissing => "scope-missing",
            Code::ScopesUnknown => "scopes-unknown",
            Code::JobsDenied => "jobs-denied",
            Code::InferenceDenied => "inference-denied",
            Code::PrDenied => "pr-denied",
            Code::GrantUnknown => "grant-unknown",
        }
    }

    /// The exit status of a failed check with this code. Codes that only ever
    /// warn or skip give `Exit::Ok`: they never fail a run ([`Check::fail`] refuses them).
    pub fn exit(self) -> Exit {
        match self {
            Code::TokenMissing
            | Code::TokenMalformed
            | Code::TokenRejected
            | Code::TokenExpiring
            | Code::TokenTooOld => Exit::Token,
            Code::RateLimited | Code::HubUnavailable => Exit::TempFail,
            // A name that does not exist is a configuration error: retrying cannot help.
            Code::NameNotFound => Exit::Usage,
            Code::UnexpectedResponse | Code::InternalError => Exit::Protocol,
            Code::ProxyAuthRequired => Exit::Usage,
            Code::Gated
            | Code::Disabled
            | Code::NotFound
            | Code::ReadDenied
            | Code::WriteDenied
            | Code::ScopeMissing
            | Code::JobsDenied
            | Code::InferenceDenied
            | Code::PrDenied => Exit::NoPerm,
            Code::TokenWhitespace
            | Code::Renamed
            | Code::Offline
            | Code::NotRankZero
            | Code::DidYouMean
            | Code::MayExistHidden
            | Code::LeastPrivilege
            | Code::QuotaLow
            | Code::TokenHardcoded
            | Code::NotScanned
            | Code::ScopesUnknown
            | Code::GrantUnknown => Exit::Ok,
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub kind: CheckKind,
    /// Canonical repo, for read and write checks.
    pub repo: Option<String>,
    pub status: Status,
    /// Set for fail, warn and skip.
    pub code: Option<Code>,
    pub message: String,
    pub hint: Option<String>,
    pub request_id: Option<String>,
    /// How many attempts the request took, when a request was made.
    pub attempts: Option<u32>,
    /// Proven by the Hub's answer, or inferred from the token's grants (access checks only).
    pub basis: Option<Basis>,
}

impl Check {
    fn new(kind: CheckKind, status: Status, code: Option<Code>, message: String) -> Check {
        Check {
            kind,
            repo: None,
            status,
            code,
            message,
            hint: None,
            request_id: None,
            attempts: None,
            basis: None,
        }
    }

    pub fn pass(kind: CheckKind, message: impl Into<String>) -> Check {
        Check::new(kind, Status::Pass, None, message.into())
    }

    /// A failure; `code` must be one that fails a run.
    pub fn fail(kind: CheckKind, code: Code, message: impl Into<String>) -> Check {
        assert_ne!(code.exit(), Exit::Ok, "{code:?} never fails a run");
        Check::new(kind, Status::Fail, Some(code), message.into())
    }

    pub fn warn(kind: CheckKind, code: Code, message: impl Into<String>) -> Check {
        Check::new(kind, Status::Warn, Some(code), message.into())
    }

    pub fn skip(kind: CheckKind, code: Code, message: impl Into<String>) -> Check {
        Check::new(kind, Status::Skip, Some(code), message.into())
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Check {
        self.hint = Some(hint.into());
        self
    }

    /// Marks the check as decided from the token's grants, not by a request.
    pub fn inferred(mut self) -> Check {
        self.basis = Some(Basis::Inferred);
        self
    }

    /// The exit status this check asks for: its code's when it failed.
    pub fn exit(&self) -> Exit {
        match (self.status, self.code) {
            (Status::Fail, Some(code)) => code.exit(),
            _ => Exit::Ok,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code has a distinct JSON string, and `ALL` lists each once.
    #[test]
    fn codes_are_distinct_and_listed() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        // `ALL` is the declaration itself (the `codes!` macro), in its order.
        for (i, c) in Code::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i, "{c:?}");
        }
    }

    /// The JSON report's `basis` values, as docs/report.schema.json lists them.
    #[test]
    fn basis_names() {
        assert_eq!(Basis::Proven.name(), "proven");
        assert_eq!(Basis::Inferred.name(), "inferred");
    }

    /// A warn-only code cannot be turned into a failure by mistake.
    #[test]
    #[should_panic(expected = "never fails a run")]
    fn warn_only_codes_cannot_fail() {
        let _ = Check::fail(CheckKind::Read, Code::Renamed, "x");
    }
}
