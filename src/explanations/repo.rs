//! `--explain` paragraphs for a repo's access: gated, disabled, not found, denied, renamed, and the
//! warnings of a write that would create a repo.

pub(super) const GATED: &str = "\
gated: the repo is gated and this user has no access grant (fail, exit
status 77)

The token works, but the repo's authors require each user to request access.
Usual causes: access was never requested, the request is awaiting review, was
rejected or reset by the repo's authors, or the token is fine-grained and
lacks \"Read access to contents of all public gated repos you can access\"
(a granted user's token is then told \"Please enable access to public gated
repositories in your fine-grained token settings\": that setting is the fix;
the whoami line says so when whoami has `canReadGatedRepos: false`).
Fix: request access on the repo's page (the report gives the URL) and wait
for approval; a request awaiting review needs only waiting; a rejected one
cannot be made again (contact the authors, or use another repo); after a
reset, submit a new request. For a fine-grained token, enable that setting
when editing the token at https://huggingface.co/settings/tokens.
";

pub(super) const DISABLED: &str = "\
disabled: the Hub disabled the repo (fail, exit status 77)

The repo exists but the Hub has disabled access to it, for every user and
every token; the report quotes the Hub's message.
Usual causes: a takedown or a policy decision by the Hub.
Fix: nothing a token can fix: use another repo, or ask the repo's owner.
";

pub(super) const NOT_FOUND: &str = "\
not-found: the repo does not exist, or it is private and not visible to this
user (fail, exit status 77)

The Hub answers 404 in both cases so as not to reveal private repos.
Usual causes: a typo; the wrong type (a dataset needs `datasets/ns/name`, a
Space `spaces/ns/name`); a private repo in an org the token's user is not a
member of, or in a resource group the user is not in.
Fix: check the spelling and the type on the repo's page; for a private repo,
use a token of a user who can see it. The report suggests the same name
under another type when it exists. A storage bucket (`buckets/ns/name`) is
not found the same way; one a job writes to must exist first
(`hf buckets create ns/name`).
On a write check to a repo that does not exist, the repo is created on first
push when the token may create it; when that cannot be told, it is a warning.
";

pub(super) const READ_DENIED: &str = "\
read-denied: the Hub refused read access to the repo (fail, exit status 77)

The token is valid (whoami accepted it) but may not read this repo; the
report explains why from the whoami answer and quotes the Hub's message.
Usual causes: a fine-grained token without `repo.content.read` on the repo or
its namespace (for a bucket: no entry naming it, since permissions scoped to
repos do not cover buckets); an organization policy that refuses classic
tokens or requires approved tokens; a token an organization's admin revoked
(permanent: create a new token, which the organization may have to approve;
the old one still works elsewhere).
Fix: edit the token at https://huggingface.co/settings/tokens to add read
access to the repo or namespace, or ask an admin of the organization.
";

pub(super) const WRITE_DENIED: &str = "\
write-denied: the token may not write (or create) the repo (fail, exit
status 77)

The token is valid, but a push would fail; the report gives the reason from
the whoami answer and quotes the Hub's message.
Usual causes: a read token; a fine-grained token without `repo.write` on the
repo's namespace; an org role of `read`, or `contributor` on a repo someone
else created; an organization policy on tokens, or a token its admin revoked;
a repo that does not exist in a namespace where this token may not create
one. For a bucket (`buckets/ns/name`), write is proven by the storage token
the Hub mints for it (discarded unread); a fine-grained token needs an entry
for the bucket: permissions scoped to repos do not cover buckets.
Fix: create a write token, or a fine-grained token with `repo.write` on the
namespace, at https://huggingface.co/settings/tokens; ask an admin of the org
for a role that can write; or push to your own namespace.
";

pub(super) const RENAMED: &str = "\
renamed: the repo was renamed, and the new name passed (warn, exit status 0
unless another check fails)

The Hub answered with a redirect to the repo's new name on the same Hub, and
access to the new name is what the job needs. Redirects from an old name can
stop, for instance when someone creates a repo under the old name.
Fix: update the job to the new name that the report shows.
";

pub(super) const DID_YOU_MEAN: &str = "\
did-you-mean: the repo to write does not exist, but the same name exists as
another type, or a close name exists (warn, exit status 0 unless another
check fails)

`--write me/data` names a model; when `datasets/me/data` exists, the job most
likely meant the dataset, and a push would create a new, empty model instead.
`--write me/modle` when `me/model` exists: a typo would create a new repo.
The close names come from one listing of the namespace's repos of that type,
asked only for a write that no auth-check found.
Fix: write the type or the name as meant (`--write datasets/me/data`,
`--write me/model`); when a new repo is really meant, ignore the warning.
";

pub(super) const MAY_EXIST_HIDDEN: &str = "\
may-exist-hidden: a write to an organization's repo that may be created, or
may be a private repo hidden from this user (warn, exit status 0 unless
another check fails)

Both the write and the read auth-checks answered 404 in the org's namespace.
Either the repo does not exist and the first push creates it, or it is a
private repo this user cannot see (for instance in a resource group the user
is not in), and the push will fail. The Hub's answers cannot tell them apart.
Fix: create the repo beforehand (`hf repo create acme/name`), or ask an admin
of the organization whether it exists and who can write to it.
";
