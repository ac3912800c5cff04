package io.todoplatform.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaderWriteFenceTest {
  private static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/operators/leases/todo-platform-operator";
  private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/team-a/deployments/backend";

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LeaderWriteFence fence = new LeaderWriteFence("operators", Duration.ofSeconds(10), now::get);

  @Test
  void aStandbyThatNeverHeldTheLeaseWritesNothingButMayReadAndAskAndTakeTheLease() {
    assertThatThrownBy(() -> fence.sending("PATCH", DEPLOYMENT)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("PATCH " + DEPLOYMENT).hasMessageContaining("within 10 s");
    assertThatCode(() -> {
      fence.sending("GET", DEPLOYMENT);
      fence.sending("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews");
      fence.sending("PUT", LEASE);
    }).doesNotThrowAnyException();
  }

  @Test
  void writesWhileTheLastRenewalWasSentWithinTheDeadlineCountedFromWhenItWasSent() {
    fence.sending("PUT", LEASE);
    now.addAndGet(Duration.ofSeconds(3).toNanos()); // a slow renewal: answered 3 s after it was sent
    fence.answered("PUT", LEASE, true);
    assertThatCode(() -> fence.sending("PATCH", DEPLOYMENT)).doesNotThrowAnyException();

    now.addAndGet(Duration.ofMillis(6_900).toNanos());
    assertThatCode(() -> fence.sending("POST", "/api/v1/namespaces/team-a/events")).doesNotThrowAnyException();
    now.addAndGet(Duration.ofMillis(100).toNanos()); // 10 s after the renewal was sent
    assertThatThrownBy(() -> fence.sending("PATCH", DEPLOYMENT)).isInstanceOf(KubernetesClientException.class);
  }

  @Test
  void aFailedRenewalDoesNotExtendTheTerm() {
    fence.sending("PUT", LEASE);
    fence.answered("PUT", LEASE, true);
    now.addAndGet(Duration.ofSeconds(8).toNanos());
    fence.sending("PUT", LEASE);
    fence.answered("PUT", LEASE, false); // 409: another replica took it
    now.addAndGet(Duration.ofSeconds(3).toNanos());

    assertThat(fence.leads()).isFalse();
    assertThatThrownBy(() -> fence.sending("DELETE", DEPLOYMENT)).isInstanceOf(KubernetesClientException.class);
  }

  @Test
  void aFrozenLeaderWakingUpLongAfterItsLastRenewalWritesNothing() {
    fence.sending("PUT", LEASE);
    fence.answered("PUT", LEASE, true);
    now.addAndGet(Duration.ofSeconds(40).toNanos()); // SIGSTOP ... SIGCONT

    assertThatThrownBy(() -> fence.sending("PATCH", DEPLOYMENT)).isInstanceOf(KubernetesClientException.class);
  }
}
