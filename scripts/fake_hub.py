#!/usr/bin/env python3
"""A fake Hugging Face Hub on 127.0.0.1, Python standard library only: kept for
the GitHub runners that have Python and no Rust toolchain (release.yml's archive
and image checks, scripts/ci/release-smoke.sh, ci.yml's Action job). Every
script here starts the one fake Hub, examples/fake_hub.rs (scripts/fake-hub.sh),
which serves the same world; scripts/test-fake-hubs.sh (run by .ci/run) fails
when the two answer any of its requests differently. Change both together.

It answers whoami-v2 and auth-check as shared/docs/hub-api.md describes, for
one user `me` (member of org `acme` with role `write`, of `helpers` as `contributor`):

  token FAKE_WRITE (see below)      classic write token "bench"
  token FAKE_READ                   classic read token "reader"
  token FAKE_LIMITED                a write token whose whoami is always rate-limited (429)
  repos me/model, me/out, acme/model (public), acme/gated (gated, no grant),
        openai-community/gpt2 (also served as the legacy id `gpt2`, by a 307),
        helpers/theirs (created by someone else: `me` may read it, not write it;
        its write auth-check answers 404, as the Hub does for a contributor)
  listings /api/models?author=NS (datasets, spaces): those repos' ids, as
        huggingface_hub's list_models reads them

Every answer carries `RateLimit` and `RateLimit-Policy`, as the real Hub's do.
Repo names are matched without regard to letter case; another spelling gets a
307 to the canonical one, as does a legacy single-name id.

Usage: fake_hub.py [--port N] [--latency-ms N] [--tls-cert F --tls-key F] [--request-log F]
It prints `READY <url>` on stdout once it listens, and serves until killed.
With --request-log, it appends one line per request (`GET /api/whoami-v2`) to F,
so that a test can count the requests a run made.
"""
import argparse
import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAKE_WRITE = "hf_FakeHubWriteToken0123456789abcdef"
FAKE_READ = "hf_FakeHubReadToken0123456789abcdefg"
FAKE_LIMITED = "hf_FakeHubQqq429Zz0123456789abcdefgh"
TOKENS = {FAKE_WRITE: ("bench", "write"), FAKE_READ: ("reader", "read"),
          FAKE_LIMITED: ("limited", "write")}
REPOS = {"models/me/model", "models/me/out", "models/acme/model",
         "models/openai-community/gpt2", "models/helpers/theirs"}
GATED = {"models/acme/gated"}
# Repos `me` may read but not write (a contributor's view of another member's repo).
NOT_MINE = {"models/helpers/theirs"}
LEGACY = {"models/gpt2": "models/openai-community/gpt2"}
# Namespaces `me` may write to: its own and `acme` (role `write`); `helpers`
# (contributor) only for repos it created, which none here is.
WRITABLE = {"me", "acme"}
RATELIMIT = [("RateLimit", '"api";r=499;t=295'),
             ("RateLimit-Policy", '"fixed window";"api";q=500;w=300')]


def whoami(name, role):
    return {
        "type": "user", "id": "62f264b9f3c90f4b6514a269", "name": "me", "fullname": "Me",
        "email": "me@example.com", "emailVerified": True, "canPay": False, "isPro": False,
        "orgs": [{"type": "org", "id": "6400000000000000000000aa", "name": "acme",
                  "fullname": "Acme", "roleInOrg": "write"},
                 {"type": "org", "id": "6400000000000000000000bb", "name": "helpers",
                  "fullname": "Helpers", "roleInOrg": "contributor"}],
        "auth": {"type": "access_token",
                 "accessToken": {"displayName": name, "role": role,
                                 "createdAt": "2026-01-02T03:04:05.000Z"}},
    }


def listing(path, authed):
    """A repo listing as huggingface_hub's list_models reads it (hub-api.md does
    not cover listings): `/api/models?author=NS&search=TEXT&limit=N` gives a JSON
    array of objects whose `id` is `ns/name` (every repo here is visible to `me`)."""
    from urllib.parse import parse_qs, urlsplit
    kind, query = urlsplit(path).path.split("/")[2], parse_qs(urlsplit(path).query)
    author = query.get("author", [None])[0]
    search = query.get("search", [""])[0].lower()
    limit = int(query.get("limit", ["1000"])[0])
    ids = sorted(r.split("/", 1)[1] for r in REPOS | GATED if r.startswith(kind + "/"))
    ids = [i for i in ids if (author is None or i.split("/")[0] == author) and search in i.lower()]
    return [{"_id": "6a6100000000000000000002", "id": i, "private": False} for i in ids[:limit]]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    latency = 0.0
    request_log = None
    disable_nagle_algorithm = True  # else TLS records wait for delayed ACKs (~40 ms)

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.send_header("x-request-id", "Root=1-fake-%d" % status)
        names = {k.lower() for k, _ in headers}
        for k, v in list(headers) + [h for h in RATELIMIT if h[0].lower() not in names]:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.request_log:
            with open(self.request_log, "a") as f:
                f.write("GET %s\n" % self.path)
        if self.latency:
            time.sleep(self.latency)
        auth = self.headers.get("authorization", "")
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
        invalid = [("x-error-message", "Invalid credentials in Authorization header")]
        if self.path == "/api/whoami-v2":
            if token == FAKE_LIMITED:
                return self.send(429, {}, [("RateLimit", '"api";r=0;t=55')])
            if token in TOKENS:
                return self.send(200, whoami(*TOKENS[token]))
            return self.send(401, {"error": "Invalid credentials in Authorization header"}, invalid)
        if self.path.startswith(("/api/models?", "/api/datasets?", "/api/spaces?")):
            return self.send(200, listing(self.path, token in TOKENS))
        parts = self.path.strip("/").split("/")
        if len(parts) >= 4 and parts[0] == "api" and parts[3] == "auth-check":
            legacy = LEGACY.get("/".join(parts[1:3]))
            if legacy:
                return self.redirect(legacy, parts[3:])
        if len(parts) >= 5 and parts[0] == "api" and parts[4] == "auth-check":
            repo = "/".join(parts[1:4])
            canonical = next((r for r in REPOS | GATED if r.lower() == repo.lower()), repo)
            if canonical != repo:
                return self.redirect(canonical, parts[4:])
            if token not in TOKENS:
                return self.send(401, {"error": "Invalid credentials in Authorization header"}, invalid)
            if repo not in REPOS | GATED:
                return self.not_found()
            if parts[5:] != ["write"]:
                if repo in GATED:
                    msg = ("Access to model %s is restricted and you are not in the authorized list. "
                           "Visit https://huggingface.co/%s to ask for access." % (("/".join(parts[2:4]),) * 2))
                    return self.send(403, {"error": msg},
                                     [("x-error-code", "GatedRepo"), ("x-error-message", msg)])
                return self.send(200, {})
            # A write, in the order of the test suite's model (tests/it/common/model.rs).
            denied = "You don't have the rights to write to this repository"
            if TOKENS[token][1] != "write":
                return self.send(403, {"error": denied}, [("x-error-message", denied)])
            if repo in NOT_MINE:
                return self.not_found()
            if parts[2] not in WRITABLE:
                return self.send(403, {"error": denied}, [("x-error-message", denied)])
            return self.send(200, {})
        return self.send(404, {"error": "not found"})

    def not_found(self):
        self.send(404, {"error": "Repository not found"},
                  [("x-error-code", "RepoNotFound"), ("x-error-message", "Repository not found")])

    def redirect(self, repo, rest):
        """A same-origin 307 with a relative Location, as the Hub answers renamed and legacy ids."""
        location = "/api/%s/%s" % (repo, "/".join(rest))
        self.send(307, {"error": "Temporary Redirect. Redirecting to %s" % location},
                  [("location", location)])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--latency-ms", type=float, default=0)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--request-log")
    a = p.parse_args()
    Handler.latency = a.latency_ms / 1000.0
    Handler.request_log = a.request_log
    # The standard library listens with a backlog of 5: with more requests in
    # flight (parallel checks, the benchmark), the kernel drops the extra SYNs
    # and clients retry 1-2 s later, pauses that are not the tool's.
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    scheme = "http"
    if a.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    host, port = server.server_address[:2]
    print("READY %s://127.0.0.1:%d" % (scheme, port), flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
