#!/usr/bin/env bash
# Builds Dapr's daprd (with only the components TodoPlatform uses, see hack/dapr/README.md) and the
# control plane (scheduler, sentry, operator, injector) from the versions pinned in hack/dapr/go.mod
# into a cache outside the clone, for the end-to-end tests (module e2e/).
#
#   hack/build-dapr.sh                 build what is missing (a no-op when everything is cached)
#   hack/build-dapr.sh --print-bin-dir print the cache directory the binaries live in, build nothing
#
# Environment: TODO_PLATFORM_CACHE (default ~/.cache/todo-platform), BUILD_JOBS (default 2: the
# machine's cores are shared), GOPROXY as usual.
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE_DIR="$HACK_DIR/dapr"

BUILD_TAG=build-dapr
# shellcheck source=lib/go-build.sh
source "$HACK_DIR/lib/go-build.sh"
use_pinned_go 1.26 -mod=readonly

cd "$MODULE_DIR"

# The version lives in go.mod only; the cache key and the Java launcher (e2e DaprBinaries) derive from it.
# (go mod edit only parses go.mod: no network, so this works even when the proxy is unreachable.)
DAPR_VERSION="$(go mod edit -json | sed -n '/"Path": "github.com\/dapr\/dapr"/{n;s/.*"Version": "\([^"]*\)".*/\1/p;q}')"
[[ -n "$DAPR_VERSION" ]] || die "cannot read the github.com/dapr/dapr version from $MODULE_DIR/go.mod"
CACHE_ROOT="${TODO_PLATFORM_CACHE:-$HOME/.cache/todo-platform}"
BIN_DIR="$CACHE_ROOT/dapr/$DAPR_VERSION/bin"

if [[ "${1:-}" == "--print-bin-dir" ]]; then
  echo "$BIN_DIR"
  exit 0
fi

# name|package to build|a flag its --help must list (proves the binary starts; none of the control-plane
# programs has --version, and --help exits non-zero the flag packages' way)
BINARIES=(
  "daprd|./cmd/daprd|"
  "scheduler|github.com/dapr/dapr/cmd/scheduler|--etcd-data-dir"
  "sentry|github.com/dapr/dapr/cmd/sentry|--issuer-credentials"
  "operator|github.com/dapr/dapr/cmd/operator|-trust-anchors-file"
  "injector|github.com/dapr/dapr/cmd/injector|--scheduler-enabled"
)

# The cache path is keyed by the Dapr version only; this fingerprint of everything else that goes into
# the binaries (our main package, go.sum, this script's flags) is stored beside each binary so that a
# change to them rebuilds instead of silently reusing a stale binary.
inputs_hash="$( (cat go.mod go.sum "$HACK_DIR/build-dapr.sh"; find cmd -type f -name '*.go' | LC_ALL=C sort | xargs cat) \
  | sha256sum | cut -c1-16)"

missing=()
packages=()
for entry in "${BINARIES[@]}"; do
  IFS='|' read -r name pkg _ <<<"$entry"
  packages+=("$pkg")
  if [[ -x "$BIN_DIR/$name" && "$(cat "$BIN_DIR/.$name.inputs" 2>/dev/null)" == "$inputs_hash" ]]; then
    log "$name: cached at $BIN_DIR/$name"
  elif [[ -x "$BIN_DIR/$name" ]]; then
    log "$name: cached binary was built from other inputs (hack/dapr or this script changed); rebuilding"
    missing+=("$entry")
  else
    missing+=("$entry")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  log "daprd and the control plane for Dapr $DAPR_VERSION present in $BIN_DIR"
  exit 0
fi

log "Dapr $DAPR_VERSION, $(go env GOVERSION), ${BUILD_JOBS} parallel jobs -> $BIN_DIR"

workdir="$(mktemp -d)"
STAGING_DIR=""
cleanup() { rm -rf "$workdir"; [[ -z "$STAGING_DIR" ]] || rm -rf "$STAGING_DIR"; }
trap cleanup EXIT

# Resolve (and download) exactly the modules the programs import — not every module in go.mod,
# most of which belong to components we do not register — so that a module the proxy does not serve is
# named here instead of surfacing as a compile error halfway through the build.
log "resolving the packages of ${packages[*]} (GOPROXY=$(go env GOPROXY))"
if ! go list -deps "${packages[@]}" >/dev/null 2>"$workdir/list.log"; then
  # e.g. ".../x.go:20:2: github.com/a/b@v1.2.3: reading https://proxy.golang.org/...zip: 403 Forbidden"
  unserved="$(grep -oE '[A-Za-z0-9._~/-]+@v[^: ]+: (reading|verifying) [^ ]+: [0-9]{3}[A-Za-z ]*' "$workdir/list.log" \
    | sed -E 's/^([^ ]+): (reading|verifying) [^ ]+: (.*)$/  \1 (\3)/' | sort -u || true)"
  if [[ -n "$unserved" ]]; then
    die "the Go module proxy does not serve these module versions needed by the Dapr binaries:
$unserved
Pick versions it serves (go list -m -json MODULE@VERSION) and require them in hack/dapr/go.mod."
  fi
  cat "$workdir/list.log" >&2
  die "resolving the packages of the Dapr binaries failed in $MODULE_DIR (output above)"
fi

mkdir -p "$BIN_DIR"
# Build into a sibling temp dir on the same filesystem, then rename: a crash or Ctrl-C never leaves a
# half-written binary where the tests would pick it up.
STAGING_DIR="$(mktemp -d "$BIN_DIR/../.staging.XXXXXX")"

# Same version stamps as Dapr's release build, so `daprd --version`, the metadata API and every log
# line ("ver=") report the release.
ldflags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_VERSION#v}"
ldflags+=" -X github.com/dapr/dapr/pkg/buildinfo.gitversion=$DAPR_VERSION"
ldflags+=" -X github.com/dapr/kit/logger.DaprVersion=${DAPR_VERSION#v}"

step=0
total=${#missing[@]}
for entry in "${missing[@]}"; do
  IFS='|' read -r name pkg help_flag <<<"$entry"
  step=$((step + 1))
  build_log="$STAGING_DIR/$name.build.log"
  log "[$step/$total] building $name ($pkg)"
  started=$SECONDS
  go_build_with_progress "[$step/$total] $name" "$build_log" "$STAGING_DIR/$name" "$pkg" "$ldflags" \
    || die "building $name ($pkg) failed; last 40 lines of the log above"
  # Prove the binary starts before it goes into the cache.
  if [[ -n "$help_flag" ]]; then
    check_out="$("$STAGING_DIR/$name" --help 2>&1 || true)"
    grep -q -- "$help_flag" <<<"$check_out" || die "$name was built but does not start ($name --help): $check_out"
  else
    check_out="$("$STAGING_DIR/$name" --version 2>&1)" || die "$name was built but does not start ($name --version): $check_out"
  fi
  mv -f "$STAGING_DIR/$name" "$BIN_DIR/$name"
  echo "$inputs_hash" >"$BIN_DIR/.$name.inputs"
  log "[$step/$total] $name built in $((SECONDS - started))s: $(du -h "$BIN_DIR/$name" | cut -f1)"
done

log "done: $BIN_DIR (daprd --version: $("$BIN_DIR/daprd" --version))"
