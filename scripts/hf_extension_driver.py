"""Runs huggingface_hub's own `hf` CLI with its GitHub URLs sent to a stand-in on 127.0.0.1.

    python hf_extension_driver.py BASE_URL HF_ARGS...

Used by scripts/test-extension.sh. huggingface_hub's `cli/extensions.py` hard-codes
`https://github.com/...` and `https://raw.githubusercontent.com/...`; every GitHub
request it makes goes through its one `_github_request` function. This driver
wraps that function in memory (the installed package's files are not edited) so
that `https://github.com/X` becomes `BASE_URL/gh/X` and
`https://raw.githubusercontent.com/X` becomes `BASE_URL/raw/X`, then calls the
CLI's own `main()` with HF_ARGS. A guard on `socket.connect` refuses any address
but loopback in this process: a URL the rewrite missed fails the test instead of
reaching the network.
"""

import ipaddress
import socket
import sys

from huggingface_hub.cli import extensions


def _loopback_only() -> None:
    connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) else address
            if not ipaddress.ip_address(str(host)).is_loopback:
                raise ConnectionRefusedError(f"test-extension: connection to {host} refused (loopback only)")
        connect(self, address)

    socket.socket.connect = guarded  # type: ignore[method-assign]


def _redirect_github(base: str) -> None:
    original = extensions._github_request

    def rewritten(method: str, url: str, **kwargs: object) -> object:
        for prefix, local in (
            ("https://raw.githubusercontent.com/", base + "/raw/"),
            ("https://github.com/", base + "/gh/"),
        ):
            if url.startswith(prefix):
                return original(method, local + url[len(prefix):], **kwargs)
        raise AssertionError(f"test-extension: unexpected URL {url}")

    extensions._github_request = rewritten


def main() -> int:
    base, args = sys.argv[1].rstrip("/"), sys.argv[2:]
    _loopback_only()
    _redirect_github(base)
    from huggingface_hub.cli.hf import main as hf_main

    sys.argv = ["hf", *args]
    return hf_main()


if __name__ == "__main__":
    sys.exit(main())
