#!/usr/bin/env bash
# Runs the README's quick-start and docs/development.md's local-development commands as a new user would, on this clone, and checks
# what they print. CI calls it (the install commands are run by InstallDocsKubeApiServerIT, the Dapr ones by the
# e2e tests). ReadmeCommandsTest fails when a README command is in neither place.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d)
app_pid=""
cleanup() {
  if [[ -n "$app_pid" ]]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "readme-smoke: $*" >&2; exit 1; }

echo "== quick start: build, then render the production sample offline"
./mvnw -q -DskipTests package && java -jar operator/target/todo-operator.jar render -f samples/production.yaml \
  > "$work/production.yaml"
[[ $(grep -c '^kind: ' "$work/production.yaml") -eq 12 ]] || fail "render printed $(grep -c '^kind: ' "$work/production.yaml") objects, expected 12"

echo "== render for daprd on a laptop"
[[ ! -e ./dapr ]] || fail "./dapr exists already; the README's render -o ./dapr would write into it"
java -jar operator/target/todo-operator.jar render -f samples/development.yaml --target selfhosted --secrets-file ./secrets.json -o ./dapr > "$work/written.txt"
mv ./dapr "$work/dapr"
grep -q 'kind: Configuration' "$work/dapr/config.yaml" || fail "render -o wrote no dapr/config.yaml"
grep -q 'type: secretstores.local.file' "$work/dapr/resources/component-kubernetes-secrets.yaml" \
  || fail "no local file secret store in dapr/resources"

echo "== the todo backend without Dapr"
(java -jar todo-app/target/todo-app.jar > "$work/app.out" 2> "$work/app.log") &
app_pid=$!
for _ in $(seq 60); do grep -q "curl -H" "$work/app.out" 2>/dev/null && break; sleep 1; done
line=$(grep "curl -H" "$work/app.out" | sed 's/^ *//') || fail "the app printed no token line: $(cat "$work/app.log")"
token=$(sed -E "s/.*Bearer ([^']+)'.*/\1/" <<<"$line")
url=$(awk '{print $NF}' <<<"$line")
status=$(curl -s -o "$work/created.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"title":"Try TodoPlatform"}' "$url")
[[ "$status" == 201 ]] || fail "POST $url answered $status: $(cat "$work/created.json")"
eval "$line" > "$work/list.json"
grep -q '"Try TodoPlatform"' "$work/list.json" || fail "the new task is not listed: $(cat "$work/list.json")"
echo "== chat-api refuses to start without its Dapr sidecar (docs/chat-api.md)"
set +e
env -u DAPR_HTTP_PORT -u DAPR_GRPC_PORT java -jar chat-api/target/chat-api.jar > "$work/chat.out" 2>&1
chat_exit=$?
set -e
[[ $chat_exit -eq 2 ]] || fail "chat-api without a sidecar exited $chat_exit, expected 2: $(cat "$work/chat.out")"
grep -q "runs only beside its Dapr sidecar" "$work/chat.out" || fail "chat-api did not say why: $(cat "$work/chat.out")"

echo "readme-smoke: all README commands behaved as documented"
