# /// script
# requires-python = ">=3.8"
# dependencies = ["hf-token-check"]
# ///
"""A uv script whose token is checked before its own code runs.

Run: `uv run example.py` or `hf jobs uv run --secrets HF_TOKEN example.py`.
Tested by scripts/test-wheel.sh (with a fake Hub that has `me/model` and `me/out`).
"""

import json

import hf_token_check

hf_token_check.require(read=["me/model"], write=["me/out"])

print(json.dumps({"status": "token checked: the job starts here"}))
