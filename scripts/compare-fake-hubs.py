#!/usr/bin/env python3
"""The two fake Hubs give the same answers (scripts/test-fake-hubs.sh runs this).

Usage: compare-fake-hubs.py RUST_URL PYTHON_URL WRITE READ LIMITED

examples/fake_hub.rs is the one the scripts start; scripts/fake_hub.py stays
only for GitHub runners without a Rust toolchain. For every token (the three,
an unknown one, none) and every request a check makes (whoami, the read and
write auth-check of each repo of the world, a missing one, a legacy id,
another letter case, listings), both must answer the same status, the same
`Location`, the same `X-Error-Code`, the same `RateLimit`, and for whoami the
same user, token name, role and organisations. Loopback only.
"""
import http.client
import json
import sys
from urllib.parse import urlsplit

RUST, PYTHON, WRITE, READ, LIMITED = sys.argv[1:6]
TOKENS = {"write": WRITE, "read": READ, "limited": LIMITED,
          "unknown": "hf_" + "Z" * 34, "none": None}
REPOS = ["me/model", "me/out", "acme/model", "openai-community/gpt2", "acme/gated",
         "helpers/theirs", "acme/nope", "me/new", "Me/Model", "OpenAI-Community/GPT2"]
PATHS = ["/api/whoami-v2", "/api/models/gpt2/auth-check", "/api/models/gpt2/auth-check/write",
         "/api/models?author=me", "/api/models?author=acme&search=mod",
         "/api/datasets?author=acme"]
PATHS += ["/api/models/%s/auth-check%s" % (r, w) for r in REPOS for w in ("", "/write")]


def ask(base, path, token):
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    headers = {"authorization": "Bearer " + token} if token else {}
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    seen = {"status": resp.status, "location": resp.getheader("location"),
            "x-error-code": resp.getheader("x-error-code"),
            "ratelimit": resp.getheader("ratelimit")}
    if path == "/api/whoami-v2" and resp.status == 200:
        w = json.loads(body)
        token_info = w["auth"]["accessToken"]
        seen["whoami"] = (w["name"], token_info["displayName"], token_info["role"],
                          sorted((o["name"], o["roleInOrg"]) for o in w["orgs"]))
    if path.startswith("/api/") and "?" in path and resp.status == 200:
        seen["ids"] = sorted(r["id"] for r in json.loads(body))
    return seen


differ = 0
asked = 0
for name, token in TOKENS.items():
    for path in PATHS:
        asked += 1
        ours, theirs = ask(RUST, path, token), ask(PYTHON, path, token)
        if ours != theirs:
            differ += 1
            print("DIFFER %s token, GET %s\n  examples/fake_hub.rs: %s\n  scripts/fake_hub.py:  %s"
                  % (name, path, ours, theirs))
print("fake Hubs: %d requests, %d answered differently" % (asked, differ))
sys.exit(1 if differ else 0)
