"""Puts a release binary into a wheel built by maturin, in place of the one maturin built.

    python3 scripts/repack-wheel.py WHEEL BINARY

The Linux wheels ship the release archives' static musl binary
(scripts/build-release.sh), the one that runs under a tight `ulimit -v`,
rather than the glibc `+crt-static` one maturin links (glibc's static malloc
aborts with "memory allocation ... failed" there). Everything else in the
wheel (the Python package, metadata, tags) stays as maturin wrote it; the
binary's RECORD line (sha256, size) is rewritten and the wheel is replaced
in place. Prints the wheel's path.
"""

import base64
import hashlib
import os
import sys
import zipfile


def record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def main() -> int:
    wheel, binary = sys.argv[1], sys.argv[2]
    with open(binary, "rb") as f:
        exe = f.read()
    with zipfile.ZipFile(wheel) as z:
        entries = [(info, z.read(info)) for info in z.infolist()]
    scripts = [i.filename for i, _ in entries if ".data/scripts/hf-token-check" in i.filename]
    records = [i.filename for i, _ in entries if i.filename.endswith(".dist-info/RECORD")]
    if len(scripts) != 1 or len(records) != 1:
        raise SystemExit(f"error: {wheel}: expected one hf-token-check script and one RECORD, got {scripts} {records}")
    script, record = scripts[0], records[0]

    tmp = wheel + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename == script:
                data = exe
                info.external_attr = (0o100755 << 16)
            elif info.filename == record:
                lines = []
                for line in data.decode().splitlines():
                    if line.startswith(script + ","):
                        line = f"{script},{record_hash(exe)},{len(exe)}"
                    lines.append(line)
                data = ("\n".join(lines) + "\n").encode()
            out.writestr(info, data)
    os.replace(tmp, wheel)
    print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
