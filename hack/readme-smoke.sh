#!/usr/bin/env bash
# Runs the README's quick-start and docs/development.md's commands as a new user would, on this clone, and checks
# what they print. CI calls it (the install commands are run by InstallDocsKubeApiServerIT, the Dapr ones by the
# e2e tests). ReadmeCommandsTest fails when a README command is in neither place.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d)
# The local platform's own directory, away from a developer's .local-platform (and reachable by the postgres OS
# user when this runs as root).
chmod 755 "$work"
export TODO_LOCAL_HOME="$work/platform"
app_pid=""
platform_started=""
cleanup() {
  if [[ -n "$platform_started" ]]; then hack/platform.sh down >/dev/null 2>&1 || true; fi
  if [[ -n "$app_pid" ]]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "readme-smoke: $*" >&2; exit 1; }

echo "== quick start: run the platform, try what it prints, see the task's event on Kafka, stop it"
platform_started=yes
started=$(date +%s)
hack/platform.sh up | tee "$work/up.txt" || fail "hack/platform.sh up failed (see above)"
echo "up took $(( $(date +%s) - started ))s"
grep -q '^TodoPlatform is running' "$work/up.txt" || fail "up printed no summary: $(cat "$work/up.txt")"
export_line=$(grep '^  export TOKEN=' "$work/up.txt" | sed 's/^ *//') || fail "up printed no token: $(cat "$work/up.txt")"
eval "$export_line"
mapfile -t tries < <(grep '^  curl ' "$work/up.txt" | sed 's/^ *//')
((${#tries[@]} >= 3)) || fail "up printed ${#tries[@]} curl lines, expected at least 3: $(cat "$work/up.txt")"
created=$(eval "${tries[0]}")
task_id=$(sed -n 's/^{"id":"\([^"]*\)".*/\1/p' <<<"$created")
[[ -n "$task_id" ]] || fail "the first curl line created no task: $created"
eval "${tries[1]}" | grep -q "\"$task_id\"" || fail "the second curl line does not list task $task_id"
for _ in $(seq 30); do hack/platform.sh events 2>/dev/null | grep -q "$task_id" && break; sleep 1; done
hack/platform.sh events > "$work/events.txt" 2>/dev/null
grep "$task_id" "$work/events.txt" | grep -q '"type":"com.todo.task.created"' \
  || fail "no com.todo.task.created event of $task_id on Kafka: $(cat "$work/events.txt")"
for _ in $(seq 30); do eval "${tries[2]}" | grep -q "$task_id" && break; sleep 1; done
eval "${tries[2]}" | grep -q "$task_id" || fail "the activity feed (filled from Kafka) lacks task $task_id"
hack/platform.sh status > "$work/status.txt" || fail "status is not healthy: $(cat "$work/status.txt")"
hack/platform.sh down > "$work/down.txt"
platform_started=""
grep -q 'stopped postgres' "$work/down.txt" || fail "down did not stop PostgreSQL: $(cat "$work/down.txt")"
set +e
hack/platform.sh status > /dev/null
status_after_down=$?
set -e
[[ $status_after_down -eq 3 ]] || fail "status after down exited $status_after_down, expected 3 (not running)"

echo "== render the production sample offline"
./mvnw -q -DskipTests package && java -jar operator/target/todo-operator.jar render -f samples/production.yaml \
  > "$work/production.yaml"
# 12 of the backend's, 7 of chat-api's (identity, model Component, Configuration, Service, Deployment).
[[ $(grep -c '^kind: ' "$work/production.yaml") -eq 19 ]] || fail "render printed $(grep -c '^kind: ' "$work/production.yaml") objects, expected 19"
grep -q 'type: conversation.openai' "$work/production.yaml" || fail "render printed no conversation Component"
grep -q 'appId: chat-api' "$work/production.yaml" || fail "render printed no access-control policy for chat-api"

echo "== render for a daprd of your own"
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

echo "== the monitoring rules and their unit tests (docs/operations.md, Monitoring)"
hack/build-tools.sh
"$(hack/build-tools.sh --print-bin promtool)" check rules deploy/monitoring/todo-platform.rules.yaml
"$(hack/build-tools.sh --print-bin promtool)" test rules deploy/monitoring/tests/todo-platform.rules.test.yaml

echo "readme-smoke: all README commands behaved as documented"
