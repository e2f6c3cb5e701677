# shellcheck shell=bash
# Sourced (not run) by the tests that drive the real hf CLI (huggingface_hub
# from PyPI, through scripts/hf_extension_driver.py): one pinned install for
# all of them.
#
#   . scripts/lib/hf-cli.sh
#   hf_cli_venv      makes target/ext-venv once per pin (again when the pin
#                    changes); sets `venv` to it, relative to the checkout

hf_cli_venv() {
  venv=target/ext-venv
  local pin='huggingface_hub>=1.7,<3'
  if [ ! -x "$venv/bin/hf" ] || [ "$(cat "$venv/pin" 2>/dev/null)" != "$pin" ]; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$pin" >&2
    echo "$pin" >"$venv/pin"
  fi
}
