#!/usr/bin/env bash
# Functions that make the machine ready for the end-to-end tests (module e2e/). Meant to be sourced by
# .ci/run (or a developer's shell):
#
#   source hack/ci-services.sh
#   ensure_postgresql      # Debian's PostgreSQL 15 server binaries (the tests start their own cluster)
#   ensure_dapr_binaries   # daprd + scheduler built by hack/build-dapr.sh into the cache
#   ensure_e2e_services    # both
#
# Nothing is started here: every test run starts its own PostgreSQL cluster, Kafka broker, Dapr
# Scheduler and daprd on free loopback ports (see hack/dapr/README.md).

CI_SERVICES_HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CI_SERVICES_PG_BIN_DIR="${TODO_PG_BIN_DIR:-/usr/lib/postgresql/15/bin}"

ci_services_log() { printf '[ci-services %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Installs Debian's PostgreSQL server when its binaries are missing. The package's own cluster service
# is not needed (the tests run throw-away clusters), so it is stopped again if apt started it.
ensure_postgresql() {
  if [[ -x "$CI_SERVICES_PG_BIN_DIR/postgres" ]]; then
    ci_services_log "PostgreSQL present: $CI_SERVICES_PG_BIN_DIR/postgres"
    return 0
  fi
  ci_services_log "PostgreSQL missing ($CI_SERVICES_PG_BIN_DIR/postgres); installing with apt-get"
  if [[ $(id -u) -ne 0 ]]; then
    ci_services_log "ERROR: installing PostgreSQL needs root (apt-get install -y postgresql)"
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || { ci_services_log "ERROR: apt-get update failed"; return 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2 \
    || { ci_services_log "ERROR: apt-get install -y postgresql failed"; return 1; }
  if [[ ! -x "$CI_SERVICES_PG_BIN_DIR/postgres" ]]; then
    ci_services_log "ERROR: apt installed postgresql but $CI_SERVICES_PG_BIN_DIR/postgres is still missing" \
      "(a release other than 15? set TODO_PG_BIN_DIR)"
    return 1
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
  fi
  ci_services_log "PostgreSQL installed: $CI_SERVICES_PG_BIN_DIR/postgres"
}

# Builds daprd and scheduler when the cache lacks them (a no-op otherwise; see hack/build-dapr.sh).
ensure_dapr_binaries() {
  bash "$CI_SERVICES_HACK_DIR/build-dapr.sh"
}

ensure_e2e_services() {
  ensure_postgresql && ensure_dapr_binaries
}
