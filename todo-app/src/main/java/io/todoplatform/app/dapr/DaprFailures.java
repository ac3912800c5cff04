package io.todoplatform.app.dapr;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.Optional;

/** Reads what a failed sidecar call means from the gRPC status under the SDK's exceptions. */
final class DaprFailures {
  private DaprFailures() {}

  static Optional<Status.Code> grpcCode(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException sre) {
        return Optional.of(sre.getStatus().getCode());
      }
      if (t instanceof io.dapr.exceptions.DaprException de && de.getErrorCode() != null) {
        try {
          return Optional.of(Status.Code.valueOf(de.getErrorCode()));
        } catch (IllegalArgumentException ignored) {
          // not a gRPC code name; keep looking at the causes
        }
      }
    }
    return Optional.empty();
  }

  /**
   * An etag mismatch is ABORTED in Dapr's gRPC API; a first write onto an existing key fails inside the
   * store with a message naming the etag or the unchanged row.
   */
  static boolean isConcurrencyConflict(Throwable error) {
    Optional<Status.Code> code = grpcCode(error);
    if (code.isPresent() && (code.get() == Status.Code.ABORTED || code.get() == Status.Code.FAILED_PRECONDITION)) {
      return true;
    }
    String message = messages(error);
    return message.contains("etag") || message.contains("no item was updated")
        || message.contains("duplicate key") || message.contains("first-write");
  }

  /**
   * A failure of a call to the sidecar as a {@link io.todoplatform.app.ports.DeliveryException}'s "rejected": the
   * sidecar answered with one of these codes about this very request. Anything else (unreachable, timed out,
   * cancelled) is an outage.
   */
  static boolean isRejection(Throwable error, java.util.Set<Status.Code> rejectionCodes) {
    return grpcCode(error).map(rejectionCodes::contains).orElse(false);
  }

  /**
   * Whether the failure came from the sidecar at all (a gRPC status, a Dapr error, a timeout waiting for it) - as
   * opposed to the request not even being built (bad data): only the latter is a local, certain poison.
   */
  static boolean involvesSidecar(Throwable error) {
    if (grpcCode(error).isPresent()) {
      return true;
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof io.dapr.exceptions.DaprException || t instanceof java.util.concurrent.TimeoutException
          || t instanceof java.io.IOException
          || (t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("Timeout"))) {
        return true;
      }
    }
    return false;
  }

  static boolean isNotFound(Throwable error) {
    return grpcCode(error).map(c -> c == Status.Code.NOT_FOUND).orElse(false)
        || messages(error).contains("not found");
  }

  /**
   * What the sidecar said, for the logs: the gRPC status and description of the first gRPC error in
   * the chain (Dapr's descriptions name the component and the store's error, never a value).
   */
  static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException sre) {
        return sre.getStatus().getCode() + ": " + sre.getStatus().getDescription();
      }
    }
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  private static String messages(Throwable error) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      all.append(' ').append(t.getMessage());
    }
    return all.toString().toLowerCase(Locale.ROOT);
  }
}
