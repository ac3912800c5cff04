package io.todoplatform.local;

import java.util.Map;

/**
 * One app the local platform runs beside its own daprd, as a Dapr-enabled Deployment describes it: the pod
 * template's {@code dapr.io/*} annotations and the container's environment (literal values, and values from
 * Secrets, which the launcher resolves from its secrets file as the kubelet would).
 *
 * @param configName   the Configuration daprd gets ({@code dapr.io/config}), or null
 * @param appPort      the port daprd calls the app on ({@code dapr.io/app-port}), 0 for none
 * @param appTokenSecret the Secret whose {@code token} daprd sends to the app ({@code dapr.io/app-token-secret}), or null
 * @param apiTokenSecret the Secret whose {@code token} the app must send to daprd ({@code dapr.io/api-token-secret}), or null
 * @param secretEnvironment variables from Secrets: name to (Secret, key)
 * @param source       where this app comes from, for messages ("Deployment backend", ...)
 */
record AppSpec(String appId, AppProgram program, int port, int appPort, String configName, String logLevel,
               boolean logAsJson, String appTokenSecret, String apiTokenSecret, Map<String, String> environment,
               Map<String, SecretRef> secretEnvironment, String source) {

    /** A key of a Secret. */
    record SecretRef(String name, String key) {
    }
}
