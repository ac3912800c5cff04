package io.todoplatform.e2e.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.todoplatform.testkit.node.Kubelet;
import io.todoplatform.testkit.node.network.PortForward;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesPathEndToEndIT {

    private ClusterPlatform platform;

    @BeforeAll
    void start() {
        platform = ClusterPlatform.start(getClass().getSimpleName());
        platform.apply(platform.todoPlatform);
        platform.awaitReady(ClusterPlatform.NAMESPACE, ClusterPlatform.NAME);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void smoke() {
        Kubelet.RunningPod pod = platform.readyBackend(ClusterPlatform.NAMESPACE);
        Pod spec = platform.client().pods().inNamespace(ClusterPlatform.NAMESPACE).withName(pod.name()).get();
        System.out.println("SPEC " + platform.client().getKubernetesSerialization().asYaml(spec.getSpec()));
        try (PortForward app = pod.portForward(8000); PortForward daprd = pod.portForward(3500)) {
            TodoApi api = new TodoApi(app.url(), platform.jwtSecret);
            System.out.println("CREATED " + api.createTask("alice", Map.of("title", "buy milk")));
            System.out.println("METADATA " + TodoApi.send(daprd.url(), "GET", "/v1.0/metadata", Map.of(), null).body());
        }
    }
}
