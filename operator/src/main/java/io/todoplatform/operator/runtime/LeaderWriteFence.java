package io.todoplatform.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * With leader election on, lets a write out only while this replica's own Lease renewal is recent: its last
 * successful Lease write started less than the renew deadline ago. The Lease itself (acquire, renew, release) and
 * access reviews (questions, not writes) always pass; reads always pass.
 *
 * <p>Why: a leader that was frozen (a stopped container, a long GC pause, a VM paused) wakes up believing it leads.
 * Until its elector notices that the Lease has another holder, and halts the process, its reconciliations would go
 * on writing, from a stale cache, beside the new leader. A standby takes the Lease only after it has seen the
 * record unchanged for the whole lease duration (30 s), which begins after our last renewal was sent; we stop
 * writing a renew deadline (20 s) after sending it: 10 s of margin for a write already on its way.
 */
final class LeaderWriteFence implements Interceptor {
  private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/%s/leases";
  private static final long NEVER = Long.MIN_VALUE;

  private final String leasePath;
  private final long deadlineNanos;
  private final LongSupplier nanoClock;
  // The elector writes the Lease from one thread, one request at a time.
  private volatile long leaseWriteStarted = NEVER;
  private volatile long renewed = NEVER;

  LeaderWriteFence(String leaseNamespace, Duration renewDeadline, LongSupplier nanoClock) {
    this.leasePath = String.format(LEASES, leaseNamespace);
    this.deadlineNanos = renewDeadline.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    sending(request.method(), request.uri().getPath());
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    answered(request.method(), request.uri().getPath(), response.isSuccessful());
  }

  /** A request is about to be sent: refused (an exception) if it is a write this replica may not make now. */
  void sending(String method, String path) {
    if (isRead(method) || isReview(path)) {
      return;
    }
    if (isLease(path)) {
      leaseWriteStarted = nanoClock.getAsLong();
      return;
    }
    if (!leads()) {
      throw new KubernetesClientException("not writing " + method + " " + path + ": this replica has not renewed"
          + " its leader Lease within " + deadlineNanos / 1_000_000_000L + " s, another replica may lead");
    }
  }

  void answered(String method, String path, boolean successful) {
    if (isLease(path) && !isRead(method) && successful) {
      renewed = leaseWriteStarted;
    }
  }

  /** Whether this replica may write now: its last successful Lease write was sent within the renew deadline. */
  boolean leads() {
    long last = renewed;
    return last != NEVER && nanoClock.getAsLong() - last < deadlineNanos;
  }

  private boolean isLease(String path) {
    return path.startsWith(leasePath);
  }

  private static boolean isRead(String method) {
    return "GET".equals(method) || "HEAD".equals(method);
  }

  private static boolean isReview(String path) {
    return path.startsWith("/apis/authorization.k8s.io/") || path.startsWith("/apis/authentication.k8s.io/");
  }
}
