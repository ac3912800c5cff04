#!/usr/bin/env bash
# Benchmark (not part of the test suite): the operator at scale on a real kube-apiserver -- N TodoPlatforms, one per
# namespace, on one operator (the shipped jar, the image's JVM flags, the pod's memory limit) -- against the floor of
# `kubectl apply --server-side` of the same rendered objects, measured in the same run. Reports the time to converge,
# writes per platform and on a restart (from the API server's audit log), reconciliations, heap after GC and RSS, and
# the latency of a spec change while all N resync. Needs hack/build-k8s.sh's and hack/build-tools.sh's binaries.
# Usage: hack/bench-operator.sh [--sizes 100,1000,10000] [--unrelated-secrets=10000] [--changes=200]
#        [--changes-per-second=20] [--memory-limit=3Gi] [--no-floor] [--jvm-flag=-XX:... ...] [--env=NAME=VALUE ...]
#        (default sizes: 100,1000; 10000 takes about an hour here; --memory-limit: the operator pod's limit, default
#        deploy/'s, which 10,000 platforms do not fit in; --jvm-flag: added after the image's flags, --env: to the
#        operator's environment, both repeatable)
set -euo pipefail
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
hack/build-k8s.sh >/dev/null
hack/build-tools.sh >/dev/null
kubectl="$(hack/build-tools.sh --print-bin kubectl)"
# One reactor build: the jar the benchmark runs, and the benchmark with the testkit's freshly compiled classes
# (nothing is installed in ~/.m2).
./mvnw -B -q -ntp -pl operator -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
# A private copy of what runs: a build in this worktree during the (long) run must not pull classes from under it.
run=operator/target/bench-run
rm -rf "$run" && mkdir -p "$run"
cp -r operator/target/classes operator/target/test-classes operator/target/todo-operator.jar "$run"/
java -Xmx1g -Dtodo.repo.root="$PWD" -Dtodo.process.logs="$PWD/operator/target/process-logs" \
  -cp "$run/test-classes:$run/classes:$(cat operator/target/bench.classpath)" \
  io.todoplatform.operator.bench.OperatorScaleBenchmark --kubectl="$kubectl" --jar="$run/todo-operator.jar" "$@" 2>&1 \
  | grep --line-buffered -v ' INFO \| DEBUG '
