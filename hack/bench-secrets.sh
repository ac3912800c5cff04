#!/usr/bin/env bash
# Benchmark (not part of the test suite): the heap the operator's Secret cache holds with many Secrets no
# TodoPlatform references, against a plain informer on Secrets measured in the same run. Starts a real
# kube-apiserver (hack/build-k8s.sh must have built it). Usage: hack/bench-secrets.sh [number of Secrets, 10000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
hack/build-k8s.sh >/dev/null
# One reactor build, so the testkit resolves to its freshly compiled classes (nothing is installed in ~/.m2).
./mvnw -q -pl operator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
# The operator image's heap limit, so the figures mean what they would in the pod.
java -Xmx512m -Dtodo.repo.root="$PWD" -Dtodo.process.logs="$PWD/operator/target/process-logs" \
  -cp "operator/target/test-classes:operator/target/classes:$(cat operator/target/bench.classpath)" \
  io.todoplatform.operator.bench.SecretCacheBenchmark "$@" 2>&1 | grep -v ' INFO \| DEBUG '
