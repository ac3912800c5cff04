#!/usr/bin/env bash
# Installs schemathesis (the OpenAPI fuzzer, from PyPI) into a virtual environment cached outside the clone, keyed
# by its version, with every package pinned by hack/schemathesis/requirements.txt.
#
#   hack/install-schemathesis.sh              install when missing (a no-op, well under a second, when cached)
#   hack/install-schemathesis.sh --print-bin  print the path of the schemathesis executable, install nothing
#
# Lands in <cache>/tools/schemathesis-<version>/ (<cache> = ${TODO_PLATFORM_CACHE:-~/.cache/todo-platform}).
# Needs python3 (>= 3.10) with its venv module, and pip's index (PyPI or the index pip is configured with).
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQUIREMENTS="$HACK_DIR/schemathesis/requirements.txt"
CACHE_ROOT="${TODO_PLATFORM_CACHE:-$HOME/.cache/todo-platform}"
PYTHON="${PYTHON:-python3}"

log() { printf '[install-schemathesis %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

version="$(sed -n 's/^schemathesis==\(.*\)$/\1/p' "$REQUIREMENTS")"
[[ -n "$version" ]] || die "no 'schemathesis==<version>' line in $REQUIREMENTS"
venv="$CACHE_ROOT/tools/schemathesis-$version"
bin="$venv/bin/schemathesis"
# A venv cannot be moved after creation (its scripts name their interpreter by absolute path), so it is built in
# place and marked complete last; a directory without the marker is a broken install and is redone.
marker="$venv/.installed"

if [[ "${1:-}" == "--print-bin" ]]; then
  echo "$bin"
  exit 0
fi
[[ $# -eq 0 ]] || die "unknown arguments: $* (usage: hack/install-schemathesis.sh [--print-bin])"

if [[ -f "$marker" && -x "$bin" ]]; then
  log "schemathesis $version: cached at $bin"
  exit 0
fi

command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found (schemathesis needs Python >= 3.10)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || die "$("$PYTHON" --version 2>&1) is too old: schemathesis $version needs Python >= 3.10 (set PYTHON=...)"
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
log "schemathesis $version: creating $venv with $("$PYTHON" --version 2>&1)"
"$PYTHON" -m venv "$venv" \
  || die "'$PYTHON -m venv' failed (on Debian: apt-get install -y python3-venv)"
started=$SECONDS
if ! "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$REQUIREMENTS" >"$venv/install.log" 2>&1; then
  tail -n 30 "$venv/install.log" >&2
  rm -rf "$venv"
  die "pip could not install $REQUIREMENTS (log above)"
fi
"$bin" --version >/dev/null || { rm -rf "$venv"; die "the installed schemathesis does not start"; }
touch "$marker"
log "schemathesis $version: installed in $((SECONDS - started))s: $("$bin" --version)"
