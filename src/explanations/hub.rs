//! `--explain` paragraphs for the Hub's answer and the way to it: rate limits, outages, names, proxies,
//! answers the Hub does not document, and hf-token-check's own failure.

pub(super) const RATE_LIMITED: &str = "\
rate-limited: the Hub answered 429 Too Many Requests (fail, exit status 75)

This says nothing about the token: the Hub asked to slow down, and the
retries within `--timeout` did not get through. Exit status 75 means \"try
again later\".
Usual causes: many jobs starting at once with the same token, or many users
behind one shared IP address (a NAT, a CI provider). When the Hub says \"We
had to rate limit your IP\", the quota is the IP address's, shared by every
job and user behind it: another token changes nothing.
Fix: run again later (the report gives the wait when the Hub does), stagger
the jobs' starts, or raise `--timeout` so the retries can wait longer; for an
IP's limit, run fewer jobs at once behind that address, or from another one.
When only whoami was rate-limited and every access check answered, the access
answers prove the token works: whoami is a warning and the verdict is theirs.
";

pub(super) const HUB_UNAVAILABLE: &str = "\
hub-unavailable: the Hub could not be reached or could not answer (fail, exit
status 75)

No answer within `--timeout`, a refused connection, a name-resolution timeout,
a TLS certificate not trusted, or a 5xx / 408 answer after retries. Exit
status 75 means \"try again later\": nothing is known about the token.
Usual causes: no network in the job, a proxy needed but not set (HTTPS_PROXY)
or set but wrong (NO_PROXY), a TLS-inspecting proxy whose CA is missing, a Hub
incident (https://status.huggingface.co).
Fix: check the network, HF_ENDPOINT, HTTPS_PROXY and NO_PROXY; for an
inspecting proxy put its CA in SSL_CERT_FILE (PEM); raise `--timeout` on a
slow network; run again later.
";

pub(super) const NAME_NOT_FOUND: &str = "\
name-not-found: the endpoint's or the proxy's host name does not exist (fail,
exit status 64)

The DNS server answered NXDOMAIN: the name does not exist, so retrying cannot
help and the run stops at once. The report names the host, the DNS server
and the variable or flag the name came from. Exit status 64 is a
configuration error.
Usual causes: a typo in HF_ENDPOINT, `--endpoint` or HTTPS_PROXY; an internal
name used in an image or a network that does not know it.
Fix: correct the variable or flag named in the report (the public Hub is
`https://huggingface.co`), or run where that name resolves.
";

pub(super) const UNEXPECTED_RESPONSE: &str = "\
unexpected-response: the Hub answered something it does not document (fail,
exit status 76)

A whoami answer that is not the documented JSON, a status the Hub never
sends, a redirect to another origin (the token was not sent there), more than
3 redirects, a body over 1 MiB, or an answer that is not valid HTTP. As a
warning: a field such as the token's expiry could not be read.
Usual causes: HF_ENDPOINT or `--endpoint` points to something that is not a
Hub (a mirror, a web page); a proxy or captive portal answers in its place.
Fix: set HF_ENDPOINT to the Hub's base URL (`https://huggingface.co`) and
check any proxy in between; the report quotes the status and request id.
";

pub(super) const PROXY_AUTH_REQUIRED: &str = "\
proxy-auth-required: the proxy wants credentials (fail, exit status 64: a
configuration error)

The proxy named by HTTPS_PROXY, HTTP_PROXY or ALL_PROXY answered 407 Proxy
Authentication Required: the request never reached the Hub. Not retried.
Usual causes: a corporate proxy that needs a user and password; the proxy
variable set without them, or with expired ones.
Fix: put the credentials in the variable the report names
(`http://user:password@proxy:3128`), or add the Hub's host to NO_PROXY when
it can be reached directly.
";

pub(super) const INTERNAL_ERROR: &str = "\
internal-error: a check produced no outcome (fail, exit status 76)

This is a bug in hf-token-check: a request was never answered by the code
that should have made it. The check fails closed, never counting it as a
pass, so the job does not start on an unchecked token.
Fix: run again; if it repeats, report it with the `--json` output (it never
contains the token) at https://github.com/hf-token-check/hf-token-check/issues.
`--warn-only` lets the job start meanwhile.
";
