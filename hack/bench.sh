#!/usr/bin/env bash
# Benchmarks (not part of the test suite): render cost and the task API's latency, each against a baseline
# measured in the same run, so the ratios can be compared across machines and runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -pl operator,todo-app -am test-compile
for module in operator todo-app; do
  ./mvnw -q -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
done
java -cp "operator/target/test-classes:operator/target/classes:$(cat operator/target/bench.classpath)" \
  io.todoplatform.operator.bench.RenderBenchmark "$@"
java -cp "todo-app/target/test-classes:todo-app/target/classes:$(cat todo-app/target/bench.classpath)" \
  io.todoplatform.app.bench.ApiBenchmark 2>/dev/null | grep -v '^{'
