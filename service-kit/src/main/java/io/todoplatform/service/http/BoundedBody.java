package io.todoplatform.service.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** A request body read with a size limit counted while reading, whatever Content-Length claims. */
public final class BoundedBody {
  /**
   * How much of a too-large body is still read and dropped before the 413 goes out. Answering while the client is
   * still sending makes the server close a connection with unread bytes, which resets it: the client then sees a
   * broken pipe instead of the 413 (Tomcat's maxSwallowSize exists for the same reason). Bodies larger than this are
   * not worth reading; their connection is closed.
   */
  static final long SWALLOW_BYTES = 2L * 1024 * 1024;

  private BoundedBody() {}

  /** The body, or empty when it is larger than {@code maxBytes}. */
  public static Optional<byte[]> read(Context ctx, int maxBytes) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    try (InputStream in = ctx.bodyInputStream()) {
      if (declared > maxBytes) {
        if (declared <= SWALLOW_BYTES) {
          swallow(in);
        }
        return Optional.empty();
      }
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        swallow(in);
        return Optional.empty();
      }
      return Optional.of(bytes);
    }
  }

  private static void swallow(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long left = SWALLOW_BYTES;
    int read;
    while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= read;
    }
  }
}
