"""For the Action's self-test on GitHub's runners (.github/workflows/ci.yml,
job `action`): lays out OUT as GitHub serves a release, with the archive that
action/run.sh asks for on this runner (RUNNER_OS/RUNNER_ARCH), made of
the binary just built here (target/release/hf-token-check[.exe]), and its
SHA256SUMS; then serves OUT on 127.0.0.1 and prints `READY <url>`.

A stand-in for the release's own archive (same name and layout: the binary
at the archive root): the release workflow runs its real archives on each
runner. Stdlib only, so it runs on Linux, macOS and Windows alike.

Usage: python3 selftest-release.py OUT"""

import functools
import hashlib
import http.server
import os
import re
import shutil
import sys
import tarfile
import zipfile

TARGETS = {
    ("Linux", "X64"): "x86_64-unknown-linux-musl",
    ("Linux", "ARM64"): "aarch64-unknown-linux-musl",
    ("macOS", "X64"): "x86_64-apple-darwin",
    ("macOS", "ARM64"): "aarch64-apple-darwin",
    ("Windows", "X64"): "x86_64-pc-windows-gnu",
}


def main(out):
    target = TARGETS[(os.environ["RUNNER_OS"], os.environ["RUNNER_ARCH"])]
    windows = "windows" in target
    exe = "hf-token-check.exe" if windows else "hf-token-check"
    built = os.path.join("target", "release", exe)
    version = re.search(r'^version = "(.*)"', open("Cargo.toml").read(), re.M).group(1)
    rel = os.path.join(out, "download", "v" + version)
    os.makedirs(rel, exist_ok=True)
    asset = "hf-token-check-%s.%s" % (target, "zip" if windows else "tar.gz")
    path = os.path.join(rel, asset)
    if windows:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(built, exe)
    else:
        with tarfile.open(path, "w:gz") as t:
            t.add(built, exe)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    with open(os.path.join(rel, "SHA256SUMS"), "w", newline="\n") as f:
        f.write("%s  %s\n" % (digest, asset))
    shutil.copytree(rel, os.path.join(out, "latest", "download"), dirs_exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=out)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    print("READY http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
