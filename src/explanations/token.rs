//! `--explain` paragraphs for the token itself: missing, malformed, rejected, expiring, too old.

pub(super) const TOKEN_MISSING: &str = "\
token-missing: no token was found (fail, exit status 78)

hf-token-check looks where huggingface_hub looks, in its order: HF_TOKEN,
HUGGING_FACE_HUB_TOKEN, then the token file (HF_TOKEN_PATH, else
$HF_HOME/token, else ~/.cache/huggingface/token). An empty value is missing.
Usual causes: the secret was not passed to the job, or under another name
(HUGGINGFACEHUB_API_TOKEN, HF_API_TOKEN, TOKEN: the report names such
variables, never their values); CI gives no secrets to pull requests from forks.
Fix: pass the token as HF_TOKEN: `hf jobs run --secrets HF_TOKEN ...`,
`HF_TOKEN: ${{ secrets.HF_TOKEN }}` in CI, `hf auth login` on a workstation.
In a Hugging Face Job (JOB_ID set), pass it as the job's secret: `hf jobs run
--secrets HF_TOKEN`, or `\"secrets\": {\"HF_TOKEN\": ...}` through the API.
Create one at https://huggingface.co/settings/tokens.
For pull requests from forks, `--allow-missing-token` makes a missing token a
skip with a notice (exit status 0).
";

pub(super) const TOKEN_MALFORMED: &str = "\
token-malformed: the token is not a Hugging Face token as stored (fail, exit
status 78)

The value was checked before anything was sent, and it was not sent.
Usual causes: a placeholder never replaced (`$HF_TOKEN`, `${HF_TOKEN}`,
`hf_xxx...`, `<token>`), a `Bearer ` prefix, quotes kept by a .env file or a
YAML value, whitespace inside the value, control or non-ASCII characters, a
legacy `api_`/`api_org_` token, or another service's token (`ghp_`, `sk-`...).
Fix: store the bare token, `hf_` followed by letters and digits, exactly as
https://huggingface.co/settings/tokens shows it, and pass it as HF_TOKEN.
";

pub(super) const TOKEN_WHITESPACE: &str = "\
token-whitespace: the token has surrounding whitespace or a line break (warn,
exit status 0 unless another check fails)

huggingface_hub strips it, so the cleaned value was checked and works in
Python; other clients (curl, scripts building an `Authorization` header by
hand) send it as is and get 401.
Usual causes: `echo $TOKEN > file` or a secret pasted with a trailing newline,
a file saved with CRLF line endings. A single trailing newline in the token
file is normal and not reported.
Fix: store the value without it, e.g. `printf %s \"$HF_TOKEN\" | gh secret set
HF_TOKEN`.
";

pub(super) const TOKEN_REJECTED: &str = "\
token-rejected: the Hub rejected the token with 401 (fail, exit status 78)

The token is well formed, but the Hub does not accept it: it is invalid,
expired or revoked.
Usual causes: the token was deleted or rotated at
https://huggingface.co/settings/tokens while the secret kept the old value;
a copy that lost characters; a token from another Hub than the endpoint
(HF_ENDPOINT or `--endpoint` points to a private Hub, or the reverse).
Fix: create a new token at https://huggingface.co/settings/tokens and update
the secret named in the report (HF_TOKEN, or the token file).
";

pub(super) const TOKEN_EXPIRING: &str = "\
token-expiring: the token has expired, or expires sooner than `--min-validity`
(fail, exit status 78)

OAuth, app and trusted-publisher tokens carry an expiry (`auth.expiresAt` in
the whoami answer); the report shows it. A job that outlives its token fails
at the end, at the push.
Usual causes: a token minted long before the job starts, a job longer than
the token's lifetime, a `--min-validity` larger than any token gets.
Fix: mint or refresh the token right before the job, use a classic or
fine-grained token from https://huggingface.co/settings/tokens for long jobs,
or lower `--min-validity` (e.g. `--min-validity 2h`).
";

pub(super) const TOKEN_TOO_OLD: &str = "\
token-too-old: the token was created longer ago than `--max-age` (fail, exit
status 78)

The whoami answer gives the token's creation date (`accessToken.createdAt`);
the report shows it and the token's age. Teams that enforce rotation pass
`--max-age` (e.g. `--max-age 90d`) so an old token stops jobs.
Usual cause: the token was not rotated on schedule.
Fix: create a new token at https://huggingface.co/settings/tokens, update the
secret (HF_TOKEN), then delete the old token there. When the Hub gives no
creation date, `--max-age` cannot be checked and the report says so.
";
