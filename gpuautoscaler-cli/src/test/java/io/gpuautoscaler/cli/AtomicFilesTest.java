package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void write_replacesTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("report.txt"), "old");

    AtomicFiles.write(file, out -> out.write("new"));

    assertThat(file).hasContent("new");
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void write_failingHalfWay_keepsThePreviousFileAndLeavesNoTemporaryFile() throws Exception {
    Path file = Files.writeString(dir.resolve("report.txt"), "old");

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write("half a rep");
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");

    assertThat(file).hasContent("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }
}
