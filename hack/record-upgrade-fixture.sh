#!/usr/bin/env bash
# Records what the previous release's operator writes, for the upgrade test (UpgradeFromPreviousReleaseKubeApiServerIT):
# builds that release's operator jar from its commit in a throwaway worktree, runs it on a real kube-apiserver with
# that release's CRD over the fixture's TodoPlatforms, and writes its write requests (from the audit log) to
# operator/src/test/resources/upgrade/from-0.1.0/operator-writes.json. Run once per previous release, not in CI
# (which replays the committed recording instead of building the old release). Needs hack/build-k8s.sh's binaries.
# Usage: hack/record-upgrade-fixture.sh [commit, c0778dc]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
commit="${1:-c0778dc}"
fixture="$PWD/operator/src/test/resources/upgrade/from-0.1.0"
old="$(mktemp -d "${TMPDIR:-/tmp}/todo-previous-release.XXXXXX")"
trap 'git worktree remove --force "$old" >/dev/null 2>&1 || rm -rf "$old"' EXIT

hack/build-k8s.sh >/dev/null
git worktree add --detach "$old" "$commit" >/dev/null
# The old release's own build of its operator (its tests are not run: only the jar is needed).
(cd "$old" && ./mvnw -B -q -ntp -pl operator -am package -DskipTests)
# This tree's recorder (it uses the testkit), in one reactor build so nothing is installed in ~/.m2.
./mvnw -B -q -ntp -pl operator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/recorder.classpath
java -Dtodo.repo.root="$PWD" -Dtodo.process.logs="$PWD/operator/target/process-logs" \
  -cp "operator/target/test-classes:operator/target/classes:$(cat operator/target/recorder.classpath)" \
  io.todoplatform.operator.upgrade.PreviousReleaseRecorder "$old/operator/target/todo-operator.jar" "$fixture"
