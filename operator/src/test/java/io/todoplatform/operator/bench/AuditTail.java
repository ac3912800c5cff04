package io.todoplatform.operator.bench;

import io.todoplatform.testkit.kube.AuditLog;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Follows a growing audit log, parsing only the lines added since the last call, and keeps the events a filter
 * selects: a benchmark with 100,000s of writes cannot re-read the whole file every second.
 */
final class AuditTail {
  private final Path file;
  private final Predicate<AuditLog.Event> keep;
  private final List<AuditLog.Event> kept = new ArrayList<>();
  private long offset;
  private long lines;

  AuditTail(Path file, Predicate<AuditLog.Event> keep) {
    this.file = file;
    this.keep = keep;
  }

  /** Reads what was appended; returns the events kept so far (all of them, oldest first). */
  synchronized List<AuditLog.Event> poll() {
    if (!Files.exists(file)) {
      return kept;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      while (offset < length) {
        byte[] chunk = new byte[(int) Math.min(length - offset, 16L << 20)];
        in.seek(offset);
        in.readFully(chunk);
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
          if (chunk[i] == '\n') {
            String line = new String(chunk, start, i - start, StandardCharsets.UTF_8);
            lines++;
            AuditLog.parse(line).filter(keep).ifPresent(kept::add);
            start = i + 1;
          }
        }
        if (start == 0) {
          break; // a line still being written is read next time
        }
        offset += start;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return kept;
  }

  /** Lines of the log read so far (every write request of every client). */
  synchronized long lines() {
    return lines;
  }
}
