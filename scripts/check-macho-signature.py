#!/usr/bin/env python3
"""Checks the ad-hoc code signature of a 64-bit Mach-O binary, as macOS on arm64
does before it runs one: the LC_CODE_SIGNATURE blob holds a CodeDirectory whose
hash of every page of the file (up to codeLimit) must match the bytes. A binary
stripped or patched after the linker signed it fails here, and on a Mac would be
killed at once ("Killed: 9").

    python3 scripts/check-macho-signature.py BINARY

Exits 0 and prints a one-line summary when every page hash matches, 1 otherwise.
Used by scripts/build-release.sh for aarch64-apple-darwin.
"""

import hashlib
import struct
import sys

MH_MAGIC_64 = 0xFEEDFACF
LC_CODE_SIGNATURE = 0x1D
CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CSMAGIC_CODEDIRECTORY = 0xFADE0C02
CS_ADHOC = 0x2
HASHES = {1: hashlib.sha1, 2: hashlib.sha256}


def signature_range(data):
    magic, _cpu, _sub, _ftype, ncmds, _size, _flags = struct.unpack_from("<7I", data, 0)
    if magic != MH_MAGIC_64:
        raise ValueError(f"not a 64-bit little-endian Mach-O (magic {magic:#x})")
    off = 32
    for _ in range(ncmds):
        cmd, cmdsize = struct.unpack_from("<2I", data, off)
        if cmd == LC_CODE_SIGNATURE:
            return struct.unpack_from("<2I", data, off + 8)
        off += cmdsize
    raise ValueError("no LC_CODE_SIGNATURE load command: the binary is not signed")


def code_directory(data, sig_off):
    magic, _length, count = struct.unpack_from(">3I", data, sig_off)
    if magic != CSMAGIC_EMBEDDED_SIGNATURE:
        raise ValueError(f"the signature is not an embedded signature (magic {magic:#x})")
    for i in range(count):
        _slot, blob = struct.unpack_from(">2I", data, sig_off + 12 + 8 * i)
        if struct.unpack_from(">I", data, sig_off + blob)[0] == CSMAGIC_CODEDIRECTORY:
            return sig_off + blob
    raise ValueError("the signature has no CodeDirectory")


def check(data):
    sig_off, _sig_size = signature_range(data)
    cd = code_directory(data, sig_off)
    (_m, _l, version, flags, hash_off, _ident, _nspecial, ncode, limit) = struct.unpack_from(">9I", data, cd)
    hash_size, hash_type, _platform, page_log2 = struct.unpack_from(">4B", data, cd + 36)
    if version >= 0x20300:
        limit = struct.unpack_from(">Q", data, cd + 56)[0] or limit
    if hash_type not in HASHES:
        raise ValueError(f"unknown hash type {hash_type}")
    if limit != sig_off:
        raise ValueError(f"codeLimit {limit} is not where the signature starts ({sig_off})")
    page = 1 << page_log2
    if ncode != (limit + page - 1) // page:
        raise ValueError(f"{ncode} code slots for {limit} bytes in pages of {page}")
    for i in range(ncode):
        want = data[cd + hash_off + i * hash_size : cd + hash_off + (i + 1) * hash_size]
        got = HASHES[hash_type](data[i * page : min((i + 1) * page, limit)]).digest()[:hash_size]
        if got != want:
            raise ValueError(f"page {i} (bytes {i * page}..) does not match its hash: modified after signing")
    if not flags & CS_ADHOC:
        raise ValueError(f"the signature is not ad-hoc (flags {flags:#x})")
    return f"ad-hoc signature, {ncode} pages of {page} bytes, {HASHES[hash_type]().name}: all match"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    try:
        print(f"code signature: {check(data)}")
    except (ValueError, struct.error) as e:
        print(f"error: {sys.argv[1]}: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
