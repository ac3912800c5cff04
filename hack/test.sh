#!/usr/bin/env bash
# The whole test suite, as CI runs it: builds (or reuses, from ~/.cache/todo-platform) the real third-party
# programs the tests start -- kube-apiserver, kube-controller-manager, etcd, daprd, the Dapr scheduler, helm,
# kustomize, kubectl -- and schemathesis (hack/install-schemathesis.sh), then runs every module's tests with ./mvnw verify. Each test run starts its own
# API server, Kafka broker, PostgreSQL cluster and Dapr processes on loopback, and stops them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }

step "test binaries: Kubernetes control plane"
bash hack/build-k8s.sh
step "test binaries: Dapr"
source hack/ci-services.sh
ensure_e2e_services
step "test binaries: helm, kustomize, kubectl"
bash hack/build-tools.sh
step "test tools: schemathesis (the API fuzzer, PyPI)"
bash hack/install-schemathesis.sh
step "./mvnw verify"
./mvnw -B -ntp verify "$@"
