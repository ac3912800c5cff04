# Shared by hack/build-*.sh (sourced, not run): logging, the go environment, and one `go build` of a third-party
# program with a heartbeat, since a cold build of kube-apiserver or daprd on two cores takes minutes.
# The caller sets BUILD_TAG (its name in log lines) before sourcing.

BUILD_JOBS="${BUILD_JOBS:-2}"

log() { printf '[%s %s] %s\n' "$BUILD_TAG" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# use_pinned_go NEEDED_GO [EXTRA_GOFLAGS...]: fails without go; never lets the go command fetch another
# toolchain (the proxy serves modules, not toolchains); static binaries, no VCS stamping.
use_pinned_go() {
  local needed=$1
  shift
  command -v go >/dev/null 2>&1 || die "go is not on PATH; install Go >= $needed"
  export GOTOOLCHAIN=local
  export GOFLAGS="${GOFLAGS:-} -buildvcs=false${*:+ $*}"
  export CGO_ENABLED=0
}

# go_build_with_progress LABEL LOG OUT PACKAGE LDFLAGS: builds PACKAGE (from the current directory's module)
# into OUT, the compiler's output in LOG; every 30 s logs how many packages are done. On failure prints the
# last 40 lines of LOG and returns 1.
go_build_with_progress() {
  local label=$1 build_log=$2 out=$3 pkg=$4 ldflags=$5
  local started=$SECONDS last_report=$SECONDS build_pid
  # -v lists each package as it is compiled: counted below as the heartbeat.
  GOMAXPROCS="$BUILD_JOBS" nice -n 10 go build -p "$BUILD_JOBS" -v -trimpath -ldflags "$ldflags" \
    -o "$out" "$pkg" >"$build_log" 2>&1 &
  build_pid=$!
  while kill -0 "$build_pid" 2>/dev/null; do
    sleep 2
    if ((SECONDS - last_report >= 30)) && kill -0 "$build_pid" 2>/dev/null; then
      last_report=$SECONDS
      log "$label: $(grep -vc '^#' "$build_log" || true) packages compiled, $((SECONDS - started))s elapsed"
    fi
  done
  if ! wait "$build_pid"; then
    tail -n 40 "$build_log" >&2
    return 1
  fi
}
