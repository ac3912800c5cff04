package io.todoplatform.chat.dapr;

import io.dapr.exceptions.DaprException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/** What a failed sidecar call means, read from the gRPC status under the SDK's exceptions. */
public final class GrpcFailures {
  private GrpcFailures() {}

  public static Optional<Status.Code> code(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException sre) {
        return Optional.of(sre.getStatus().getCode());
      }
      if (t instanceof DaprException de && de.getErrorCode() != null) {
        try {
          return Optional.of(Status.Code.valueOf(de.getErrorCode()));
        } catch (IllegalArgumentException ignored) {
          // not a gRPC code name: look further down the chain
        }
      }
    }
    return Optional.empty();
  }

  /** The status description of the first gRPC error in the chain, else the exception's message. */
  public static String description(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException sre) {
        String description = sre.getStatus().getDescription();
        return description == null ? "" : description;
      }
    }
    return String.valueOf(error.getMessage());
  }

  /** An etag mismatch or a first write onto an existing key (ABORTED in Dapr's gRPC API). */
  public static boolean isConcurrencyConflict(Throwable error) {
    Optional<Status.Code> code = code(error);
    if (code.isPresent() && (code.get() == Status.Code.ABORTED || code.get() == Status.Code.FAILED_PRECONDITION)) {
      return true;
    }
    String text = description(error).toLowerCase(java.util.Locale.ROOT);
    return text.contains("etag") || text.contains("duplicate key") || text.contains("no item was updated");
  }
}
