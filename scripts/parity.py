#!/usr/bin/env python3
"""Runs the real huggingface_hub client and hf-token-check on the same fake Hub
and checks that they agree: when hf-token-check passes, the job's own
`HfApi().whoami()` and `auth_check()` succeed; when it fails, they fail too.

Usage: parity.py HF_TOKEN_CHECK_BIN ENDPOINT FAKE_HUB_BIN   (with a python that has huggingface_hub;
FAKE_HUB_BIN is the fake Hub serving ENDPOINT, examples/fake_hub.rs: its tokens come from it)
Deliberate differences (listed in docs/checks.md, each checked below as a case
where huggingface_hub raises and hf-token-check exits 0): a write to a repo that
does not exist yet passes when the token may create it ("will be created") or
warns when it may be hidden in an org (`may-exist-hidden`), where auth_check
raises; and a rate-limited whoami is a warning when the access checks answered,
where whoami() raises.
"""
import os
import subprocess
import sys

BIN, ENDPOINT, HUB = sys.argv[1], sys.argv[2], sys.argv[3]
# The fake Hub's write, read and rate-limited tokens.
W, R, L = subprocess.run([HUB, "--tokens"], capture_output=True, text=True, check=True).stdout.split()
CLIENT = r"""
import sys
from huggingface_hub import HfApi
api = HfApi()
api.whoami()
for spec in sys.argv[1:]:
    mode, repo = spec.split(":", 1)
    api.auth_check(repo, write=(mode == "write"))
"""

# (name, env token or None, [(mode, repo)], exit status hf-token-check must give,
#  and whether huggingface_hub must agree; False: a deliberate difference, it must raise)
SAME, DIFFERS = True, False
CASES = [
    ("write token reads and writes", W, [("read", "me/model"), ("write", "me/model")], 0),
    ("read token reads", R, [("read", "acme/model")], 0),
    ("token with a trailing newline", W + "\n", [("read", "me/model")], 0),
    ("read token cannot write", R, [("write", "me/model")], 77),
    ("gated repo without a grant", W, [("read", "acme/gated")], 77),
    ("missing repo", W, [("read", "acme/nope")], 77),
    ("token unknown to the Hub", "hf_" + "Z" * 34, [("read", "me/model")], 78),
    ("placeholder never replaced", "$HF_TOKEN", [("read", "me/model")], 78),
    ("no token", None, [("read", "me/model")], 78),
    ("legacy id gpt2 (307 to openai-community/gpt2)", W, [("read", "gpt2")], 0),
    ("other letter case (307 to the canonical spelling)", W, [("read", "Me/Model")], 0),
    ("contributor reads another member's org repo", W, [("read", "helpers/theirs")], 0),
    ("contributor cannot write it (write 404, read 200)", W, [("write", "helpers/theirs")], 77),
    ("new repo in the user's namespace", W, [("write", "me/new")], 0, DIFFERS),
    ("repo not found in an org (may be hidden)", W, [("write", "acme/new")], 0, DIFFERS),
    ("whoami rate-limited, access checks answered", L, [("read", "me/model")], 0, DIFFERS),
]


def env_with(token):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent-home",
           "HF_ENDPOINT": ENDPOINT, "HF_HUB_DISABLE_TELEMETRY": "1"}
    if token is not None:
        env["HF_TOKEN"] = token
    return env


passed = failed = 0
for name, token, reqs, want, *same in CASES:
    same = same[0] if same else SAME
    args = []
    for mode, repo in reqs:
        args += ["--" + mode, repo]
    ours = subprocess.run([BIN, *args], env=env_with(token), capture_output=True, text=True)
    theirs = subprocess.run([sys.executable, "-c", CLIENT, *("%s:%s" % r for r in reqs)],
                            env=env_with(token), capture_output=True, text=True)
    agree = ((ours.returncode == 0) == (theirs.returncode == 0)) == same
    if ours.returncode == want and agree:
        passed += 1
        print("ok   %s (hf-token-check %d, huggingface_hub %s%s)"
              % (name, ours.returncode, "ok" if theirs.returncode == 0 else "raised",
                 "" if same else "; a deliberate difference"))
    else:
        failed += 1
        print("FAIL %s: hf-token-check %d (wanted %d), huggingface_hub exit %d\n%s\n%s"
              % (name, ours.returncode, want, theirs.returncode, ours.stderr, theirs.stderr[-2000:]))

print("parity: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
