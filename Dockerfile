# syntax=docker/dockerfile:1
# Builds the images of the project from one Maven build:
#
#   docker build --target operator -t todo-operator:dev .   # the operator (also the default target)
#   docker build --target todo-app -t todo-app:dev .        # the todo backend
#   docker build --target chat-api -t chat-api:dev .        # the chat service (docs/chat-api.md)
#
# Both run as a numeric non-root user (so runAsNonRoot can be verified without a passwd entry) on a JRE 17,
# and work with a read-only root filesystem: the JVM writes only to /tmp, which the Deployment mounts as an
# emptyDir (deploy/operator/050-deployment.yaml for the operator; the operator's backend Deployment for the app).
# DockerfileTest (operator module) checks what this file copies against what the Maven build produces.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The wrapper and every reactor pom first: Maven reads all modules listed in the parent pom even when
# only some are built, and this layer stays cached while only sources change.
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY operator/pom.xml operator/
COPY todo-app/pom.xml todo-app/
COPY testkit/pom.xml testkit/
COPY e2e/pom.xml e2e/
COPY chat-api/pom.xml chat-api/
COPY service-kit/pom.xml service-kit/
COPY local-platform/pom.xml local-platform/
COPY operator/src/ operator/src/
COPY todo-app/src/ todo-app/src/
COPY chat-api/src/ chat-api/src/
# What both services share (a dependency of todo-app and chat-api, built by -am).
COPY service-kit/src/ service-kit/src/
# The modules' test sources are compiled (-DskipTests only skips running them) and use testkit's classes.
COPY testkit/src/ testkit/src/
# Tests run in CI (hack/test.sh), not in the image build: they need binaries the build stage lacks.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl operator,todo-app,chat-api -am -DskipTests package

# What both images share: the JRE and the user. The JVM flags of both ENTRYPOINTs: the heap is sized from the
# cgroup memory limit (75% leaves room for metaspace, threads and buffers); an OutOfMemoryError ends the process
# so Kubernetes restarts it instead of leaving it half-alive; -XX:-UsePerfData stops the JVM writing
# /tmp/hsperfdata_*, which nothing reads; temp files and user.home go to /tmp, the only writable path (the
# numeric user has no passwd entry, so the JVM could not find a home directory anyway).
FROM eclipse-temurin:17-jre AS runtime
WORKDIR /app
USER 65532:65532

FROM runtime AS todo-app
COPY --from=build --chown=0:0 /src/todo-app/target/todo-app.jar /app/todo-app.jar
EXPOSE 8000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:InitialRAMPercentage=50.0", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp", "-Duser.home=/tmp", "-jar", "/app/todo-app.jar"]

FROM runtime AS chat-api
COPY --from=build --chown=0:0 /src/chat-api/target/chat-api.jar /app/chat-api.jar
# the chat API, /metrics, /healthz, /readyz
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:InitialRAMPercentage=50.0", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp", "-Duser.home=/tmp", "-jar", "/app/chat-api.jar"]

FROM runtime AS operator
COPY --from=build --chown=0:0 /src/operator/target/todo-operator.jar /app/todo-operator.jar
# /metrics, /healthz, /readyz
EXPOSE 8080
# C1 only (-XX:TieredStopAtLevel=1): a replica that becomes leader reconciles every platform at once with a cold JIT,
# and C2 then took 11.5 of the 28 CPU seconds of a 1,000-platform takeover (0.5 with C1), while convergence took as
# long (docs/benchmarks.md, "The operator at scale").
ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "-XX:MaxRAMPercentage=75.0", "-XX:InitialRAMPercentage=50.0", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Djava.io.tmpdir=/tmp", "-Duser.home=/tmp", "-jar", "/app/todo-operator.jar"]
CMD ["run"]
