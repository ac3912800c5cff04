#!/usr/bin/env bash
# Regenerates the TodoPlatform CRD from the Java API types and copies it into crds/ and the two install bundles
# that carry it (the kustomize base and the Helm chart); commit the result. Tests fail while any copy is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl operator process-classes
generated=operator/target/classes/META-INF/fabric8/todoplatforms.platform.todo.io-v1.yml
cp "$generated" crds/
cp "$generated" deploy/operator/base/000-crd-todoplatforms.platform.todo.io.yaml
cp "$generated" deploy/helm/todo-platform-operator/crds/
echo "crds/todoplatforms.platform.todo.io-v1.yml refreshed (and its copies in deploy/operator/base and deploy/helm)"
