//! `--explain` paragraphs for what the token's grants allow: OAuth scopes, `--jobs`, `--inference`, `--pr`.

pub(super) const SCOPE_MISSING: &str = "\
scope-missing: an OAuth token lacks the scope a requirement needs (fail, exit
status 77)

The token's `scope` claim was read locally once whoami accepted it (never
sent; only scope names shown). Needed: `read-repos` (`gated-repos` for gated
repos), `write-repos` to write, `manage-repos` to create, `write-discussions`
for pull requests, `jobs`, `inference-api`. A read or write is what the Hub
answered (the scopes say why); the rest is inferred from the scopes.
Usual cause: a job launched through Hugging Face's MCP server with the
`$HF_TOKEN` placeholder gets the session's OAuth token (seen with the scopes
`openid profile read-repos jobs read-mcp`): it reads, cannot write or create.
Fix: the tokens settings page does not manage OAuth grants. Pass a user access
token with the needed role as the `HF_TOKEN` secret instead (`hf jobs run
--secrets HF_TOKEN`, or `\"secrets\": {\"HF_TOKEN\": \"hf_...\"}`).
";

pub(super) const SCOPES_UNKNOWN: &str = "\
scopes-unknown: an OAuth token's scopes could not be read, and a requirement
depends on them (warn, exit status 0 unless another check fails)

The token is not three base64url parts whose middle one is a JSON object with
a `scope` string, so what it may do beyond what the Hub answered cannot be
told. Nothing of the token is shown; the whoami line says why.
Usual causes: a token cut when copied, or a token kind that carries no
`scope` claim.
Fix: to be sure, pass a user access token with the needed role as HF_TOKEN.
";

pub(super) const JOBS_DENIED: &str = "\
jobs-denied: the token may not run Hugging Face Jobs in a `--jobs` namespace
(fail, exit status 77)

Inferred from whoami (no request proves it without starting a job): a classic
write token, a fine-grained token with `job.write` on the namespace, or an
OAuth token with the `jobs` scope may run jobs (a global `job.write`: unknown);
the user must be the namespace or a member of that org, and Jobs need a PRO
account or a paying org (whoami's `isPro`, the org's plan when whoami tells).
The Jobs API's own refusal reads `missing permissions: job.write`.
Fix: add \"Start and manage Jobs\" (`job.write`) for the namespace to the token
at https://huggingface.co/settings/tokens, use a write token, or run the jobs
under an account or org that pays for them.
";

pub(super) const INFERENCE_DENIED: &str = "\
inference-denied: the token may not call Inference Providers, or bill the
`--bill-to` org (fail, exit status 77)

Inferred from whoami (no request proves it without a billable call): classic
read and write tokens may call them; a fine-grained token needs
`inference.serverless.write` (\"Make calls to Inference Providers\") in its
global permissions or on the user (on the org for `--bill-to`); an OAuth token
the `inference-api` scope. Billing an org (`bill_to=`, `X-HF-Bill-To`) needs
membership of it. The Hub's own refusal reads `This authentication method does
not have sufficient permissions to call Inference Providers on behalf of ...`.
Credits cannot be checked: a 402 at run time means they ran out.
Fix: add the permission at https://huggingface.co/settings/tokens, or bill a
paying org you belong to.
";

pub(super) const PR_DENIED: &str = "\
pr-denied: the token may not open pull requests on a `--pr` repo (fail, exit
status 77)

Inferred from whoami (no request proves it without opening one): a classic
write token may (`push_to_hub(create_pr=True)`, `create_discussion`); a
fine-grained token needs `discussion.write`, under the user for their own
repos, under the org or the repo for those, or in its global permissions for
other people's repos; an OAuth token the `write-discussions` scope.
Fix: add \"Interact with discussions / open pull requests\"
(`discussion.write`) to the token at https://huggingface.co/settings/tokens,
or use a write token.
";

pub(super) const GRANT_UNKNOWN: &str = "\
grant-unknown: the token's grants do not tell whether a requirement holds
(warn, exit status 0 unless another check fails)

`--jobs`, `--inference`, `--pr` and creating a repo with an OAuth token's
`contribute-repos` are inferred from whoami, and some cases are unrecorded:
what a classic read token gets from the Jobs API or when opening a pull
request, whether an org's plan pays (whoami does not always tell), what an app
or OAuth token may do outside the orgs whoami lists. The message says which.
Fix: to be sure, use a token whose grants settle it (a write token, or a
fine-grained token with the named permission), or check the plan.
";
