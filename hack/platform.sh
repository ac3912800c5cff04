#!/usr/bin/env bash
# The local platform: the whole TodoPlatform on this machine, from a TodoPlatform file (default samples/local.yaml).
#
#   hack/platform.sh up [-f FILE] [--reset] [--no-chat] [--model-endpoint URL --model NAME]
#   hack/platform.sh status | down [--reset] | token [--user ID] | events
#   hack/platform.sh --help            every option (hack/platform.sh up --help, ...)
#
# `up` first builds what is missing, the same binaries and caches the tests use: the jars (./mvnw package, when a
# jar is missing or older than its sources) and Dapr's daprd and Scheduler (hack/build-dapr.sh, which needs Go; the
# first build takes minutes). Then the launcher (module local-platform/) starts every process detached, records it
# in .local-platform/run/, and returns once everything is ready. See docs/development.md, "The local platform".
set -euo pipefail
# No cd: a relative -f FILE is the user's; the builds below run in the repository.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '[platform] %s\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 2; }

# --- Java 17 or newer: everything else is built by it or run on it.
command -v java >/dev/null 2>&1 \
  || fail "Java 17 or newer is needed and \`java\` is not on PATH (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)"
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
[[ "${java_major%%.*}" =~ ^[0-9]+$ && "${java_major%%.*}" -ge 17 ]] \
  || fail "Java 17 or newer is needed; \`java\` on PATH is version ${java_major:-unknown} ($(command -v java))"

launcher_jar=$repo/local-platform/target/local-platform.jar
launcher_classpath=$repo/local-platform/target/local-platform.classpath

# stale MODULE...: true when a module's jar is missing or older than one of its sources (or the parent pom).
stale() {
  local module jar
  for module in "$@"; do
    case "$module" in
      todo-app) jar=$repo/todo-app/target/todo-app.jar ;;
      chat-api) jar=$repo/chat-api/target/chat-api.jar ;;
      operator) jar=$repo/operator/target/todo-operator.jar ;;
      local-platform) jar=$launcher_jar ;;
      testkit) jar=$(ls "$repo"/testkit/target/todo-testkit-*.jar 2>/dev/null | head -1) ;;
    esac
    [[ -n "$jar" && -f "$jar" ]] || return 0
    [[ -z "$(find "$repo/$module/src/main" "$repo/$module/pom.xml" "$repo/pom.xml" -newer "$jar" -type f -print -quit \
      2>/dev/null)" ]] || return 0
  done
  [[ -f "$launcher_classpath" ]] || return 0
  return 1
}

build_jars() {
  say "building the jars (./mvnw package; about 2 minutes the first time)"
  (cd "$repo" && ./mvnw -q -B -ntp -DskipTests package -pl todo-app,chat-api,operator,local-platform -am) \
    || fail "the build failed (see above); fix it, or run ./mvnw -DskipTests package to see more"
}

# Dapr's daprd, Scheduler and Sentry, from the cache the tests use; built from Dapr's Go modules on first use.
ensure_dapr() {
  local version bin_dir
  version=$(sed -n 's/^[[:space:]]*github\.com\/dapr\/dapr[[:space:]]\{1,\}\(v[^[:space:]]*\).*/\1/p' "$repo/hack/dapr/go.mod" | head -1)
  bin_dir="${TODO_PLATFORM_CACHE:-$HOME/.cache/todo-platform}/dapr/$version/bin"
  if command -v go >/dev/null 2>&1; then
    if [[ ! -x "$bin_dir/daprd" || ! -x "$bin_dir/scheduler" || ! -x "$bin_dir/sentry" ]]; then
      say "building Dapr $version's daprd and control plane from source (hack/build-dapr.sh; about 6 minutes the first time)"
    fi
    # Quiet when everything is cached; a build (or a rebuild after hack/dapr changed) shows its progress.
    bash "$repo/hack/build-dapr.sh" 2>&1 | sed '/: cached at /d; / present in /d' >&2 || fail "hack/build-dapr.sh failed (see above)"
  elif [[ ! -x "$bin_dir/daprd" || ! -x "$bin_dir/scheduler" || ! -x "$bin_dir/sentry" ]]; then
    local needed
    needed=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$repo/hack/dapr/go.mod" | head -1)
    fail "Dapr $version's daprd, scheduler and sentry are built from source on first use, which needs Go $needed or newer," \
      "and \`go\` is not on PATH (https://go.dev/dl/); they go to $bin_dir"
  fi
}

command=${1:-}
for arg in "$@"; do [[ "$arg" == -h || "$arg" == --help ]] && command=help; done
case "$command" in
  up)
    ensure_dapr
    if stale todo-app chat-api operator local-platform testkit; then build_jars; fi
    ;;
  *)
    # Never rebuilds: down must work even while the code does not compile.
    [[ -f "$launcher_jar" && -f "$launcher_classpath" ]] || build_jars
    ;;
esac

exec java -Dtodo.repo.root="$repo" -cp "$launcher_jar:$(cat "$launcher_classpath")" \
  io.todoplatform.local.LocalPlatform "$@"
