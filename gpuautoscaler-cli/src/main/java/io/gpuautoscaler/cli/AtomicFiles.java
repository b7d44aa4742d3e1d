package io.gpuautoscaler.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that a failure half-way leaves the previous file (or none) rather than a
 * truncated one: the content goes to a hidden file beside the target, which then replaces it in one
 * rename where the file system allows.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code target}'s content. */
  interface Body {
    void write(Writer out) throws IOException;
  }

  /** Replaces {@code target} with what {@code body} writes, in UTF-8. */
  static void write(Path target, Body body) throws IOException {
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    // A name of our own with CREATE_NEW, not Files.createTempFile: that makes the file
    // owner-only (0600), which the report would keep after the rename.
    Path temp =
        dir.resolve(
            "."
                + file.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                + ".tmp");
    try {
      try (Writer out =
          Files.newBufferedWriter(
              temp,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE)) {
        body.write(out);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
