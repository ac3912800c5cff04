#!/usr/bin/env bash
# Builds the command-line tools the deploy/ tests run -- kustomize, helm, kubectl and promtool -- from the versions
# pinned in hack/tools/<tool>/go.mod into a cache outside the clone (no prebuilt downloads).
#
#   hack/build-tools.sh                  build what is missing (a no-op when everything is cached)
#   hack/build-tools.sh --print-bin TOOL print the path of TOOL's binary (kustomize|helm|kubectl|promtool), build nothing
#
# Binaries land in <cache>/tools/<tool>/<version>/bin/<tool>, <cache> being
# ${TODO_PLATFORM_CACHE:-~/.cache/todo-platform}. Environment: BUILD_JOBS (default 2: the machine's cores
# are shared), GOPROXY as usual.
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS_DIR="$HACK_DIR/tools"
CACHE_ROOT="${TODO_PLATFORM_CACHE:-$HOME/.cache/todo-platform}"

BUILD_TAG=build-tools
# shellcheck source=lib/go-build.sh
source "$HACK_DIR/lib/go-build.sh"
use_pinned_go 1.26 -mod=readonly


# tool|module whose version is the cache key|package to build
TOOLS=(
  "kustomize|sigs.k8s.io/kustomize/kustomize/v5|sigs.k8s.io/kustomize/kustomize/v5"
  "helm|helm.sh/helm/v3|helm.sh/helm/v3/cmd/helm"
  "kubectl|k8s.io/kubectl|."
  "promtool|github.com/prometheus/prometheus|github.com/prometheus/prometheus/cmd/promtool"
)

# The version lives in the tool's go.mod only; the cache key and the Java tests derive from it.
module_version() { (cd "$TOOLS_DIR/$1" && go list -m -f '{{.Version}}' "$2"); }
bin_path() {
  local tool="$1" module="$2" version
  version="$(module_version "$tool" "$module")" \
    || die "cannot read the $module version from $TOOLS_DIR/$tool/go.mod (go error above)"
  echo "$CACHE_ROOT/tools/$tool/$version/bin/$tool"
}

if [[ "${1:-}" == "--print-bin" ]]; then
  wanted="${2:-}"
  for entry in "${TOOLS[@]}"; do
    IFS='|' read -r tool module _pkg <<<"$entry"
    if [[ "$tool" == "$wanted" ]]; then
      bin_path "$tool" "$module"
      exit 0
    fi
  done
  die "--print-bin needs one of: kustomize, helm, kubectl, promtool (got '${wanted}')"
fi
[[ $# -eq 0 ]] || die "unknown arguments: $* (usage: hack/build-tools.sh [--print-bin kustomize|helm|kubectl|promtool])"

# Downloads every module of one tool's build first, so a module the proxy does not serve is named
# clearly instead of surfacing as a compile error halfway through the build.
download_modules() {
  local tool="$1" out
  out="$(mktemp)"
  if ! (cd "$TOOLS_DIR/$tool" && go mod download -json) >"$out" 2>&1; then
    local failed
    failed="$(awk -F'"' '
      /"Path":/    { path = $4 }
      /"Version":/ { version = $4 }
      /"Error":/   { print "  " path "@" version ": " $4 }' "$out")"
    [[ -n "$failed" ]] || failed="$(sed -n 's/^go: /  /p' "$out")"
    [[ -n "$failed" ]] || failed="$(cat "$out")"
    rm -f "$out"
    die "$tool: these modules could not be downloaded from the Go module proxy ($(go env GOPROXY)):
$failed
Pick versions the proxy serves and update hack/tools/$tool/go.mod (then: cd hack/tools/$tool && go mod tidy)."
  fi
  rm -f "$out"
}

# Version stamping as in each project's own release build, so `--version` and helm's default
# Capabilities (KubeVersion used by `helm template`/`lint`) match a real release.
ldflags_for() {
  local tool="$1" version="$2"
  case "$tool" in
    kustomize)
      # kustomize reads its own version from the binary's module build info: nothing to stamp.
      echo "-s -w"
      ;;
    helm)
      local client_go major minor
      client_go="$(cd "$TOOLS_DIR/helm" && go list -m -f '{{.Version}}' k8s.io/client-go)" \
        || die "helm: cannot read the k8s.io/client-go version from hack/tools/helm/go.mod"
      # client-go v0.34.x ships with Kubernetes v1.34: helm's Makefile derives its default KubeVersion so.
      major=$(( $(echo "${client_go#v}" | cut -d. -f1) + 1 ))
      minor="$(echo "$client_go" | cut -d. -f2)"
      local flags="-s -w -X helm.sh/helm/v3/internal/version.version=$version"
      flags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
      for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
        flags+=" -X $pkg.k8sVersionMajor=$major -X $pkg.k8sVersionMinor=$minor"
      done
      echo "$flags"
      ;;
    kubectl)
      # k8s.io/kubectl v0.N.P is released with Kubernetes v1.N.P; stamp that, as the Kubernetes release build does.
      local k8s="v1.${version#v0.}" minor
      minor="$(echo "$k8s" | cut -d. -f2)"
      local flags="-s -w"
      for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
        flags+=" -X $pkg.gitVersion=$k8s -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
      done
      echo "$flags"
      ;;
    promtool)
      # Prometheus v3.N.P is published as the Go module version v0.3NN.P (its go.mod cannot say v3).
      local release="${version#v0.}" major minor
      major="${release:0:1}"
      minor="$((10#${release:1:2}))"
      release="$major.$minor.${release#*.}"
      local flags="-s -w"
      flags+=" -X github.com/prometheus/common/version.Version=$release"
      flags+=" -X github.com/prometheus/common/version.Branch=HEAD"
      echo "$flags"
      ;;
  esac
}

# Extra go build flags of a tool.
build_flags_for() {
  case "$1" in
    # promtool's rule checks and unit tests need no service discovery; Prometheus' own build tag leaves out the
    # discovery plugins (cloud SDKs), which are most of its build time.
    promtool) echo "-tags=remove_all_sd" ;;
  esac
}

for entry in "${TOOLS[@]}"; do
  IFS='|' read -r tool module pkg <<<"$entry"
  bin="$(bin_path "$tool" "$module")"
  if [[ -x "$bin" ]]; then
    log "$tool: cached at $bin"
    continue
  fi
  version="$(module_version "$tool" "$module")"
  log "$tool: building $module@$version with $(go env GOVERSION), $BUILD_JOBS parallel jobs -> $bin"
  download_modules "$tool"
  bin_dir="$(dirname "$bin")"
  mkdir -p "$bin_dir"
  # Build into a sibling temp dir on the same filesystem, then rename: a crash or Ctrl-C never leaves
  # a half-written binary where the tests would pick it up.
  staging="$(mktemp -d "$bin_dir/../.staging.XXXXXX")"
  build_log="$staging/build.log"
  started=$SECONDS
  if ! (cd "$TOOLS_DIR/$tool" && export GOFLAGS="$GOFLAGS $(build_flags_for "$tool")" \
    && go_build_with_progress "$tool" "$build_log" "$staging/$tool" "$pkg" "$(ldflags_for "$tool" "$version")"); then
    rm -rf "$staging"
    die "building $tool ($pkg from $module@$version) failed; last 40 lines of the log above"
  fi
  mv -f "$staging/$tool" "$bin"
  rm -rf "$staging"
  log "$tool: built in $((SECONDS - started))s: $(du -h "$bin" | cut -f1)"
done

"$(bin_path kustomize sigs.k8s.io/kustomize/kustomize/v5)" version >&2
"$(bin_path helm helm.sh/helm/v3)" version --short >&2
"$(bin_path kubectl k8s.io/kubectl)" version --client >&2
"$(bin_path promtool github.com/prometheus/prometheus)" --version >&2
log "done"
