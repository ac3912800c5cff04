#!/usr/bin/env bash
# Regenerates the TodoPlatform CRD from the Java API types and copies it into crds/ (commit the result).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl operator process-classes
cp operator/target/classes/META-INF/fabric8/todoplatforms.platform.todo.io-v1.yml crds/
echo "crds/todoplatforms.platform.todo.io-v1.yml refreshed"
