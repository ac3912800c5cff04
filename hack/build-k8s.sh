#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and etcd from the versions pinned in hack/k8s/go.mod
# into a cache outside the clone, for the operator's integration tests (no Docker, no envtest downloads).
#
#   hack/build-k8s.sh                 build what is missing (a no-op when everything is cached)
#   hack/build-k8s.sh --print-bin-dir print the cache directory the binaries live in, build nothing
#
# Environment: TODO_PLATFORM_CACHE (default ~/.cache/todo-platform), BUILD_JOBS (default 2: the
# machine's cores are shared), GOPROXY as usual.
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE_DIR="$HACK_DIR/k8s"

BUILD_TAG=build-k8s
# shellcheck source=lib/go-build.sh
source "$HACK_DIR/lib/go-build.sh"
use_pinned_go 1.25

cd "$MODULE_DIR"

# The versions live in go.mod only; the cache key and the Java launcher both derive from them.
module_version() { go list -m -f '{{.Version}}' "$1"; }
K8S_VERSION="$(module_version k8s.io/kubernetes)" || die "cannot resolve k8s.io/kubernetes as required by $MODULE_DIR/go.mod (go error above; is that version served by the Go module proxy?)"
ETCD_VERSION="$(module_version go.etcd.io/etcd/server/v3)" || die "cannot resolve go.etcd.io/etcd/server/v3 as required by $MODULE_DIR/go.mod (go error above; is that version served by the Go module proxy?)"
CACHE_ROOT="${TODO_PLATFORM_CACHE:-$HOME/.cache/todo-platform}"
BIN_DIR="$CACHE_ROOT/k8s/${K8S_VERSION}-etcd${ETCD_VERSION#v}/bin"

if [[ "${1:-}" == "--print-bin-dir" ]]; then
  echo "$BIN_DIR"
  exit 0
fi

# name|package|module the package comes from
BINARIES=(
  "etcd|go.etcd.io/etcd/server/v3|go.etcd.io/etcd/server/v3@${ETCD_VERSION}"
  "kube-apiserver|k8s.io/kubernetes/cmd/kube-apiserver|k8s.io/kubernetes@${K8S_VERSION}"
  "kube-controller-manager|k8s.io/kubernetes/cmd/kube-controller-manager|k8s.io/kubernetes@${K8S_VERSION}"
)

missing=()
for entry in "${BINARIES[@]}"; do
  name="${entry%%|*}"
  if [[ -x "$BIN_DIR/$name" ]]; then
    log "$name: cached at $BIN_DIR/$name"
  else
    missing+=("$entry")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  log "all binaries for Kubernetes $K8S_VERSION / etcd $ETCD_VERSION present in $BIN_DIR"
  exit 0
fi

go_version="$(go env GOVERSION)"
log "Kubernetes $K8S_VERSION, etcd $ETCD_VERSION, $go_version, ${BUILD_JOBS} parallel jobs -> $BIN_DIR"

# Download every module of the build first so an unserved module is named clearly instead of
# surfacing as a compile error halfway through a ten-minute build.
log "downloading modules listed in hack/k8s/go.mod (GOPROXY=$(go env GOPROXY))"
download_json="$(mktemp)"
trap 'rm -f "$download_json"' EXIT
if ! go mod download -json >"$download_json" 2>&1; then
  failed="$(awk -F'"' '
    /"Path":/    { path = $4 }
    /"Version":/ { version = $4 }
    /"Error":/   { print "  " path "@" version ": " $4 }' "$download_json")"
  # A version missing from the proxy already fails while loading the module graph, before any JSON.
  [[ -n "$failed" ]] || failed="$(sed -n 's/^go: /  /p' "$download_json")"
  if [[ -n "$failed" ]]; then
    die "these modules could not be downloaded from the Go module proxy ($(go env GOPROXY)):
$failed
Pick versions the proxy serves (see hack/README.md, 'Changing versions') and update hack/k8s/go.mod."
  fi
  cat "$download_json" >&2
  die "go mod download failed in $MODULE_DIR (output above)"
fi
log "modules downloaded"

mkdir -p "$BIN_DIR"
# Build into a sibling temp dir on the same filesystem, then rename: a crash or Ctrl-C never leaves
# a half-written binary where the tests would pick it up.
STAGING_DIR="$(mktemp -d "$BIN_DIR/../.staging.XXXXXX")"
trap 'rm -f "$download_json"; rm -rf "$STAGING_DIR"' EXIT

# Same version stamping as the upstream release build, so /version reports the real release.
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
k8s_minor="$(echo "$K8S_VERSION" | cut -d. -f2)"
version_pkgs=(k8s.io/component-base/version k8s.io/client-go/pkg/version)
k8s_ldflags="-s -w"
for pkg in "${version_pkgs[@]}"; do
  k8s_ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done

step=0
total=${#missing[@]}
for entry in "${missing[@]}"; do
  IFS='|' read -r name pkg module <<<"$entry"
  step=$((step + 1))
  ldflags="-s -w"
  [[ "$pkg" == k8s.io/kubernetes/* ]] && ldflags="$k8s_ldflags"
  build_log="$STAGING_DIR/$name.build.log"
  log "[$step/$total] building $name from $module"
  started=$SECONDS
  go_build_with_progress "[$step/$total] $name" "$build_log" "$STAGING_DIR/$name" "$pkg" "$ldflags" \
    || die "building $name ($pkg from $module) failed; last 40 lines of the log above"
  mv -f "$STAGING_DIR/$name" "$BIN_DIR/$name"
  log "[$step/$total] $name built in $((SECONDS - started))s: $(du -h "$BIN_DIR/$name" | cut -f1)"
done

"$BIN_DIR/kube-apiserver" --version >&2
"$BIN_DIR/etcd" --version | head -n 1 >&2
log "done: $BIN_DIR"
