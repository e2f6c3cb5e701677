//! CA roots: the built-in Mozilla set, or the PEM certificates named by
//! `SSL_CERT_FILE` (else `SSL_CERT_DIR`), as huggingface_hub's client reads them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};

use crate::env::Env;

use crate::localfile::{CA_BUNDLE_CAP, read_bounded};

/// Certificates (DER) that replace the built-in roots, and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roots {
    pub certs: Vec<Vec<u8>>,
    /// "`SSL_CERT_FILE`" or "`SSL_CERT_DIR`", for messages.
    pub from: &'static str,
}

/// A CA setting that cannot be used: which variable, and why.
#[derive(Debug)]
pub struct RootsError {
    pub var: &'static str,
    pub error: anyhow::Error,
}

/// The roots for an https endpoint; `None` for the built-in set. `SSL_CERT_FILE`
/// wins and `SSL_CERT_DIR` is read only without it, as in huggingface_hub's client.
pub fn roots(env: &Env, deadline: Instant) -> Result<Option<Roots>, RootsError> {
    if let Some(file) = env.non_empty("SSL_CERT_FILE") {
        let certs = read_bundle(Path::new(file), deadline).map_err(|error| RootsError {
            var: "SSL_CERT_FILE",
            error,
        })?;
        return Ok(Some(Roots {
            certs,
            from: "`SSL_CERT_FILE`",
        }));
    }
    let Some(dir) = env.non_empty("SSL_CERT_DIR") else {
        return Ok(None);
    };
    let mut certs = read_dirs(dir, deadline).map_err(|error| RootsError {
        var: "SSL_CERT_DIR",
        error,
    })?;
    // A hashed directory links each certificate twice.
    certs.sort();
    certs.dedup();
    Ok(Some(Roots {
        certs,
        from: "`SSL_CERT_DIR`",
    }))
}

/// Every PEM certificate in the `:`-separated directories; files that are not PEM are skipped.
fn read_dirs(dirs: &str, deadline: Instant) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut certs = Vec::new();
    for d in dirs.split(':').filter(|d| !d.is_empty()) {
        let entries =
            std::fs::read_dir(d).with_context(|| format!("cannot read the directory `{d}`"))?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            if let Ok(c) = read_bundle(&path, deadline) {
                certs.extend(c);
            }
        }
    }
    if certs.is_empty() {
        bail!("`{dirs}` holds no PEM certificates");
    }
    Ok(certs)
}

/// The certificates (DER) of a PEM file; an error when it is unreadable or holds none.
/// Bounded: a regular file only (never a FIFO or a device), at most
/// [`CA_BUNDLE_CAP`] bytes, given up at the run's deadline.
fn read_bundle(path: &Path, deadline: Instant) -> anyhow::Result<Vec<Vec<u8>>> {
    let bytes = read_bounded(path, CA_BUNDLE_CAP, deadline)
        .map_err(|e| anyhow::anyhow!("cannot read `{}`: it {e}", path.display()))?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&bytes) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => certs.push(c.der().to_vec()),
            Ok(_) => {}
            Err(e) => bail!("`{}` is not a valid PEM bundle ({e})", path.display()),
        }
    }
    if certs.is_empty() {
        bail!("`{}` holds no PEM certificates", path.display());
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn soon() -> Instant {
        Instant::now() + std::time::Duration::from_secs(20)
    }

    /// Unusable CA settings name their variable and say why.
    #[test]
    fn bad_ca_bundles_name_the_variable() {
        let dir = crate::testing::temp_dir("ca");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "").unwrap();
        let garbage = dir.path().join("garbage.pem");
        std::fs::write(
            &garbage,
            "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        for (var, value, word) in [
            ("SSL_CERT_FILE", "/nonexistent/ca.pem", "cannot read"),
            ("SSL_CERT_FILE", empty.to_str().unwrap(), "no PEM"),
            ("SSL_CERT_FILE", garbage.to_str().unwrap(), "PEM"),
            ("SSL_CERT_DIR", "/nonexistent", "cannot read the directory"),
            ("SSL_CERT_DIR", dir.path().to_str().unwrap(), "no PEM"),
        ] {
            let err = roots(&Env::from_strs(&[(var, value)]), soon()).unwrap_err();
            assert_eq!(err.var, var);
            let text = format!("{:#}", err.error);
            assert!(text.contains(word), "{var}={value}: {text}");
        }
        assert_eq!(
            roots(&Env::from_strs(&[("SSL_CERT_FILE", "")]), soon()).unwrap(),
            None
        );
    }
}
