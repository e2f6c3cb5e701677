#!/usr/bin/env bash
# Builds the release image (scripts/docker/Dockerfile, `FROM scratch`) for
# linux/amd64 and linux/arm64 from the musl release archives, as release.yml
# does, with Debian's buildah (rootful, vfs storage under target/image: no
# daemon, no overlay mounts), then checks it:
#   - the layout: one layer holding only /hf-token-check (mode 0755), the
#     entrypoint ["/hf-token-check"], the architecture asked for;
#   - amd64: the image itself run by buildah (chroot isolation, host network)
#     against the fake Hub on 127.0.0.1: --version, a pass, a failure (77);
#   - arm64: its layer's binary under qemu-aarch64-static (--version).
# Needs root; installs buildah with apt when missing. The archives come from
# target/release-artifacts (scripts/build-release.sh builds them when absent).
# Ends with "image: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ "$(id -u)" != 0 ]; then
  echo "image test skipped: needs root (rootful buildah) (uid $(id -u))"
  exit 0
fi
if ! command -v buildah >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends buildah
fi
art=$root/target/release-artifacts
for t in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  [ -f "$art/hf-token-check-$t.tar.gz" ] || scripts/build-release.sh --test-tools "$t"
done

I=$root/target/image
B=(buildah --storage-driver vfs --root "$I/storage" --runroot "$I/run")
tag=localhost/hf-token-check:test
rm -rf "$I/ctx" "$I/oci" && mkdir -p "$I/ctx/amd64" "$I/ctx/arm64" "$I/oci"
tar -C "$I/ctx/amd64" -xzf "$art/hf-token-check-x86_64-unknown-linux-musl.tar.gz"
tar -C "$I/ctx/arm64" -xzf "$art/hf-token-check-aarch64-unknown-linux-musl.tar.gz"

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
ctr='' hub_pid=''
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null
  [ -n "$ctr" ] && "${B[@]}" rm "$ctr" >/dev/null 2>&1
  "${B[@]}" rmi -f "$tag-amd64" "$tag-arm64" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The layout of an image written as an OCI layout: ARCH, entrypoint, layer files.
layout() { # layout DIR -> "arch entrypoint | file mode ..."
  python3 - "$1" <<'EOF'
import json, sys, tarfile, pathlib
d = pathlib.Path(sys.argv[1])
blob = lambda digest: d / "blobs" / digest.replace(":", "/", 1)
manifest = json.loads(blob(json.loads((d / "index.json").read_text())["manifests"][0]["digest"]).read_text())
config = json.loads(blob(manifest["config"]["digest"]).read_text())
files = []
for layer in manifest["layers"]:
    with tarfile.open(blob(layer["digest"])) as t:
        files += [f"{m.name}:{m.mode & 0o7777:o}" + ("" if m.isfile() else ":not-a-file") for m in t.getmembers()]
print(config["architecture"], json.dumps(config["config"]["Entrypoint"]), len(manifest["layers"]), " ".join(files))
EOF
}

for arch in amd64 arm64; do
  if "${B[@]}" bud --quiet --isolation chroot --platform "linux/$arch" -f scripts/docker/Dockerfile \
    -t "$tag-$arch" "$I/ctx" >"$I/bud-$arch.log" 2>&1; then
    ok "$arch: buildah bud scripts/docker/Dockerfile"
  else
    bad "$arch: buildah bud"; cat "$I/bud-$arch.log"; continue
  fi
  "${B[@]}" push --quiet "$tag-$arch" "oci:$I/oci/$arch" >/dev/null
  got=$(layout "$I/oci/$arch")
  want="$arch [\"/hf-token-check\"] 1 hf-token-check:755"
  if [ "$got" = "$want" ]; then ok "$arch: layout: $got"; else bad "$arch: layout: $got (wanted: $want)"; fi
done

# arm64: the binary from the image's own layer, under qemu.
mkdir -p "$I/arm64-layer"
python3 - "$I/oci/arm64" "$I/arm64-layer" <<'EOF'
import json, sys, tarfile, pathlib
d = pathlib.Path(sys.argv[1])
blob = lambda digest: d / "blobs" / digest.replace(":", "/", 1)
manifest = json.loads(blob(json.loads((d / "index.json").read_text())["manifests"][0]["digest"]).read_text())
with tarfile.open(blob(manifest["layers"][0]["digest"])) as t:
    out = pathlib.Path(sys.argv[2]) / "hf-token-check"
    out.write_bytes(t.extractfile("hf-token-check").read())
    out.chmod(0o755)
EOF
version="hf-token-check $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
got=$(/usr/bin/qemu-aarch64-static "$I/arm64-layer/hf-token-check" --version 2>&1) || true
if [ "$got" = "$version" ]; then ok "arm64: the layer's binary under qemu: $got"; else bad "arm64: --version: $got"; fi

# amd64: the image run as a container, against the fake Hub on 127.0.0.1.
fake_hub=$(scripts/fake-hub.sh --path)
"$fake_hub" >"$I/hub.out" &
hub_pid=$!
url=
for _ in $(seq 100); do url=$(sed -n 's/^READY //p' "$I/hub.out" 2>/dev/null || true); [ -n "$url" ] && break; sleep 0.05; done
read -r token _ < <("$fake_hub" --tokens) # the fake Hub's write token
ctr=$("${B[@]}" from --quiet "$tag-amd64")
run() { # run WANT NAME ARGS...: the image's entrypoint with ARGS
  local want=$1 name=$2 code=0 out
  shift 2
  out=$("${B[@]}" run --isolation chroot --network host -e HF_TOKEN="$token" -e HF_ENDPOINT="$url" \
    "$ctr" -- /hf-token-check "$@" 2>&1) || code=$?
  if [ "$code" = "$want" ] && ! grep -q "${token:3:20}" <<<"$out"; then
    ok "amd64 container: $name (exit $code)"
  else
    bad "amd64 container: $name: exit $code, wanted $want"; echo "$out"
  fi
}
run 0 "--version" --version
run 0 "a pass" --read acme/model --write me/model
run 77 "a gated repo without access" --read acme/gated

echo "image: $passed passed, $failed failed"
[ "$failed" = 0 ]
