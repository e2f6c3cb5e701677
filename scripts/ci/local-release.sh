# shellcheck shell=bash
# Sourced by scripts/test-action.sh and scripts/test-install.sh:
#   local_release DIR VERSION
# lays out DIR as GitHub serves a release (DIR/download/vVERSION/ and
# DIR/latest/download/): the archives, their `.sha256`, SHA256SUMS, and the
# installers (install.sh, install.ps1), as release.yml publishes them.
#
# The archives are scripts/build-release.sh's when HF_TOKEN_CHECK_RELEASE_DIR
# names its output directory (CI builds them once, for every test). Otherwise a
# STAND-IN: one archive for this host, x86_64-unknown-linux-musl, made of
# dist/hf-token-check (scripts/build-static.sh) with the same name and layout
# (the binary at the archive root).
local_release() {
  local dir=$1 version=$2 src=${HF_TOKEN_CHECK_RELEASE_DIR:-} rel a
  rel=$dir/download/v$version
  mkdir -p "$rel" "$dir/latest/download"
  if [ -n "$src" ]; then
    [ -f "$src/SHA256SUMS" ] || { echo "error: HF_TOKEN_CHECK_RELEASE_DIR=$src has no SHA256SUMS (scripts/build-release.sh --out DIR)" >&2; return 1; }
    cp "$src"/hf-token-check-* "$src/SHA256SUMS" "$rel/"
  else
    [ -x dist/hf-token-check ] || scripts/build-static.sh >/dev/null
    local pack
    pack=$(mktemp -d)
    cp dist/hf-token-check "$pack/"
    a=hf-token-check-x86_64-unknown-linux-musl.tar.gz
    tar -czf "$rel/$a" -C "$pack" hf-token-check
    rm -rf "$pack"
    (cd "$rel" && sha256sum "$a" >"$a.sha256" && cat ./*.sha256 >SHA256SUMS)
  fi
  cp install.sh install.ps1 "$rel/"
  (cd "$rel" && for a in install.sh install.ps1; do sha256sum "$a" >"$a.sha256"; done)
  cp "$rel"/* "$dir/latest/download/"
}
