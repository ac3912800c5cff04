package io.todoplatform.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The launcher's own ports on 127.0.0.1: a block of {@value #SIZE} from a base ({@code --port-base}, default
 * {@value #DEFAULT_BASE}), below Linux's ephemeral range so that no outgoing connection holds one. The ports the
 * TodoPlatform names itself (each app's {@code PORT}, the Kafka broker's address) are not in the block.
 */
record LocalPorts(int base) {

    static final int DEFAULT_BASE = 19000;
    static final int SIZE = 50;
    /** Sidecars get ten ports each from base + 20: room for three apps. */
    static final int MAX_APPS = 3;

    LocalPorts {
        if (base < 1024 || base + SIZE > 65536) {
            throw new UserError("--port-base " + base + ": the launcher needs ports " + base + " to " + (base + SIZE - 1)
                    + "; choose a base from 1024 to " + (65536 - SIZE));
        }
    }

    int postgres() {
        return base;
    }

    int kafkaInternal() {
        return base + 1;
    }

    int kafkaController() {
        return base + 2;
    }

    int scheduler() {
        return base + 10;
    }

    int schedulerHealthz() {
        return base + 11;
    }

    int schedulerMetrics() {
        return base + 12;
    }

    int schedulerEtcdClient() {
        return base + 13;
    }

    int schedulerEtcdPeer() {
        return base + 14;
    }

    int sentry() {
        return base + 15;
    }

    int sentryHealthz() {
        return base + 16;
    }

    int sentryMetrics() {
        return base + 17;
    }

    /** The ports of the sidecar of the {@code index}-th app (0-based, in start order). */
    SidecarPorts sidecar(int index) {
        if (index < 0 || index >= MAX_APPS) {
            throw new UserError("the local platform runs at most " + MAX_APPS + " apps; this TodoPlatform has more");
        }
        int first = base + 20 + 10 * index;
        return new SidecarPorts(first, first + 1, first + 2, first + 3, first + 4);
    }

    /** Every port of the block that {@code apps} apps use, with what it is for (for the "port in use" message). */
    Map<Integer, String> inUse(int apps) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(postgres(), "PostgreSQL");
        ports.put(kafkaInternal(), "Kafka's internal listener");
        ports.put(kafkaController(), "Kafka's controller");
        ports.put(scheduler(), "the Dapr Scheduler");
        ports.put(schedulerHealthz(), "the Dapr Scheduler's health endpoint");
        ports.put(schedulerMetrics(), "the Dapr Scheduler's metrics");
        ports.put(schedulerEtcdClient(), "the Dapr Scheduler's etcd");
        ports.put(schedulerEtcdPeer(), "the Dapr Scheduler's etcd peer port");
        ports.put(sentry(), "Dapr Sentry");
        ports.put(sentryHealthz(), "Dapr Sentry's health endpoint");
        ports.put(sentryMetrics(), "Dapr Sentry's metrics");
        for (int i = 0; i < apps; i++) {
            SidecarPorts sidecar = sidecar(i);
            String whose = "the sidecar of app " + (i + 1);
            ports.put(sidecar.http(), whose + " (Dapr HTTP API)");
            ports.put(sidecar.grpc(), whose + " (Dapr gRPC API)");
            ports.put(sidecar.internalGrpc(), whose + " (internal gRPC)");
            ports.put(sidecar.metrics(), whose + " (metrics)");
            ports.put(sidecar.profile(), whose + " (profiling)");
        }
        return ports;
    }

    /** One daprd's ports. */
    record SidecarPorts(int http, int grpc, int internalGrpc, int metrics, int profile) {
    }
}
