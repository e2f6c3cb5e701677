//! What the Hub's agent connects with, tuned for a process that makes a few
//! requests and exits: the TLS client configuration is built once per run
//! instead of once per connection. (IP-literal hosts need no lookup thread:
//! `resolve::NameResolver` returns them at once.)

use ureq::unversioned::transport::{ConnectionDetails, Connector};

/// Hands the connectors below it the connection as if it were made with the
/// agent's own configuration.
///
/// Every request carries a request-level configuration (its share of the
/// deadline, `Hub::once`), and ureq's rustls connector caches its `ClientConfig`
/// only for agent-level ones: each connection rebuilt it, root store included
/// (about 1.4 M instructions with a 140-certificate `SSL_CERT_FILE`, before the
/// ClientHello could leave). The request level changes nothing the connectors
/// read but timeouts, which still come from `details.timeout`; the TLS settings
/// are the agent's, so the cached configuration is the right one.
#[derive(Debug)]
pub struct AgentLevelTls<C>(pub C);

impl<C: Connector<()>> Connector<()> for AgentLevelTls<C> {
    type Out = C::Out;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let agent_level = ConnectionDetails {
            uri: details.uri,
            addrs: details.addrs.clone(),
            config: details.config,
            request_level: false,
            resolver: details.resolver,
            now: details.now,
            timeout: details.timeout,
            current_time: details.current_time.clone(),
            run_connector: details.run_connector.clone(),
            register_shutdown: details.register_shutdown.clone(),
        };
        self.0.connect(&agent_level, chained)
    }
}
