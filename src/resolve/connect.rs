//! Every address of a name tried, in order, within the deadline; when none
//! connects, the error names each address and what it gave.

use std::fmt;
use std::io;
use std::net::SocketAddr;

use ureq::unversioned::transport::{
    ConnectProxyConnector, ConnectionDetails, Connector, NextTimeout, RustlsConnector,
    TcpConnector, Transport,
};

/// ureq's connector chain (CONNECT proxy, TCP, rustls) with the TCP step
/// replaced by [`EveryAddress`]: what `Agent::with_parts` takes.
pub fn connector() -> impl Connector {
    ().chain(ConnectProxyConnector::default())
        .chain(EveryAddress::default())
        .chain(RustlsConnector::default())
}

/// Every address was tried and none connected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectFailed {
    /// Each address in the order tried, with what it gave (`TimedOut` when its
    /// share of the time ran out).
    pub attempts: Vec<(SocketAddr, io::ErrorKind)>,
}

impl fmt::Display for ConnectFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (addr, kind)) in self.attempts.iter().enumerate() {
            let why = match kind {
                io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
                io::ErrorKind::TimedOut => "timed out".to_string(),
                io::ErrorKind::NetworkUnreachable => "network unreachable".to_string(),
                io::ErrorKind::HostUnreachable => "host unreachable".to_string(),
                other => format!("{other}").to_lowercase(),
            };
            let sep = if i == 0 { "" } else { "; " };
            write!(f, "{sep}{addr}: {why}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConnectFailed {}

impl ConnectFailed {
    /// The `ConnectFailed` inside a ureq error, if that is what it is.
    #[cfg(test)]
    pub fn from_ureq(e: &ureq::Error) -> Option<&ConnectFailed> {
        match e {
            ureq::Error::Io(io) => io.get_ref()?.downcast_ref(),
            _ => None,
        }
    }
}

/// Connects to each resolved address in turn, each given an equal share of
/// what is left of the connect time (the last one all of it), until one
/// connects. Any failure of one address (refused, unreachable, timed out...)
/// moves on to the next.
#[derive(Debug, Default)]
pub struct EveryAddress(TcpConnector);

impl<In: Transport> Connector<In> for EveryAddress {
    type Out = <TcpConnector as Connector<In>>::Out;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        if chained.is_some() || details.addrs.len() <= 1 {
            // A proxy's connection, or one address: ureq's own TCP step as is.
            return self.0.connect(details, chained);
        }
        let budget = details.timeout.not_zero().map(|d| *d);
        let started = std::time::Instant::now();
        let count = details.addrs.len();
        let mut attempts = Vec::new();
        for (i, addr) in details.addrs.iter().enumerate() {
            let share = match budget {
                Some(total) => {
                    let left = total.saturating_sub(started.elapsed());
                    if left.is_zero() {
                        attempts.push((*addr, io::ErrorKind::TimedOut));
                        continue;
                    }
                    Some(left / (count - i) as u32)
                }
                None => None,
            };
            let mut one = details.resolver.empty();
            one.push(*addr);
            let timeout = NextTimeout {
                after: share.map(Into::into).unwrap_or(details.timeout.after),
                ..details.timeout
            };
            let single = ConnectionDetails {
                uri: details.uri,
                addrs: one,
                config: details.config,
                request_level: details.request_level,
                resolver: details.resolver,
                now: details.now,
                timeout,
                current_time: details.current_time.clone(),
                run_connector: details.run_connector.clone(),
                register_shutdown: details.register_shutdown.clone(),
            };
            match self.0.connect(&single, None) {
                Ok(t) => return Ok(t),
                Err(ureq::Error::Timeout(_)) => attempts.push((*addr, io::ErrorKind::TimedOut)),
                Err(ureq::Error::Io(e)) => attempts.push((*addr, e.kind())),
                Err(other) => return Err(other),
            }
        }
        let kind = attempts
            .last()
            .map(|(_, k)| *k)
            .unwrap_or(io::ErrorKind::ConnectionRefused);
        Err(ureq::Error::Io(io::Error::new(
            kind,
            ConnectFailed { attempts },
        )))
    }
}
