#!/usr/bin/env bash
# Benchmarks (not part of the test suite), each against a floor or baseline measured in the same run, so the
# ratios can be compared across machines and runs (docs/benchmarks.md):
#   render    what a reconciliation's render costs (operator)
#   platform  the backend in production shape: todo-app.jar + daprd + PostgreSQL + Kafka + Dapr Scheduler
#
#   hack/bench.sh                     # both
#   hack/bench.sh platform [--quick]  # the backend only; --quick: smaller sizes (10,000 users instead of 100,000...)
#   hack/bench.sh render [args]       # the operator only
# BENCH_JFR=/tmp/app.jfr records a JFR profile of the app (profiling settings) into that file; BENCH_APP_JVM="..."
# adds JVM options to the app (a profiler agent, a JIT flag to compare).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
which="${1:-all}"
[[ $# -gt 0 ]] && shift

# One reactor build: the jars the platform benchmark starts (todo-app.jar, todo-operator.jar for render), and each
# module's test classpath next to its target/.
./mvnw -q -B -ntp -pl operator,e2e -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

if [[ "$which" == all || "$which" == render ]]; then
  java -cp "operator/target/test-classes:operator/target/classes:$(cat operator/target/bench.classpath)" \
    io.todoplatform.operator.bench.RenderBenchmark "$@"
fi
if [[ "$which" == all || "$which" == platform ]]; then
  source hack/ci-services.sh
  ensure_e2e_services
  # From e2e/: the processes' logs go to e2e/target/process-logs, the results to e2e/target/bench-results.md.
  (cd e2e && java -Xmx1g ${BENCH_APP_JVM:+"-Dbench.appJvm=$BENCH_APP_JVM"} ${BENCH_JFR:+-Dbench.jfr=$BENCH_JFR} -Dtodo.kafka.classpath.file="$PWD/target/e2e-dependencies.classpath" \
    -cp "target/test-classes:$(cat target/bench.classpath)" io.todoplatform.e2e.PlatformBenchmark "$@" \
    2>target/bench-stderr.log)
fi
