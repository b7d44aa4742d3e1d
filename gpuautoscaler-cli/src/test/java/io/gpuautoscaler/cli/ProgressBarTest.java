package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.core.sim.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final StringWriter err = new StringWriter();

  private ProgressBar bar(boolean enabled) {
    ProgressBar bar = new ProgressBar(new PrintWriter(err), now::get, 1_000, 4, enabled);
    bar.runFinished(new RunResult("fgd", 42, 0, 0, 0, new double[0], new double[0], new int[0], 0));
    return bar;
  }

  private void advanceMillis(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void tick_drawsNothingDuringTheFirstSecond() {
    ProgressBar bar = bar(true);
    bar.arrived(500);
    advanceMillis(999);

    bar.tick();
    bar.finish(true);

    assertThat(err.toString()).isEmpty();
  }

  @Test
  void tick_afterOneSecond_redrawsInPlaceWithPercentRunsAndElapsed() {
    ProgressBar bar = bar(true);
    bar.arrived(250);
    advanceMillis(1_500);

    bar.tick();
    bar.arrived(250);
    advanceMillis(1_000);
    bar.tick();

    assertThat(err.toString())
        .startsWith("\r")
        .contains(" 25%  1/4 runs  0:01 elapsed")
        .contains("\r")
        .contains(" 50%  1/4 runs  0:02 elapsed")
        .doesNotContain("\n");
  }

  @Test
  void finish_completesTheBarAndEndsTheLine() {
    ProgressBar bar = bar(true);
    advanceMillis(2_000);
    bar.tick();

    bar.finish(true);

    assertThat(err.toString()).contains("[########################] 100%  4/4 runs").endsWith("\n");
  }

  @Test
  void close_afterAFailure_endsTheLineWithoutClaimingCompletion() {
    ProgressBar bar = bar(true);
    bar.arrived(100);
    advanceMillis(2_000);
    bar.tick();

    bar.close();

    assertThat(err.toString()).doesNotContain("100%").endsWith("\n");
  }

  @Test
  void disabled_drawsNothing() {
    ProgressBar bar = bar(false);
    bar.arrived(900);
    advanceMillis(5_000);

    bar.tick();
    bar.finish(true);

    assertThat(err.toString()).isEmpty();
  }

  @Test
  void elapsed_formatsMinutesAndHours() {
    assertThat(ProgressBar.elapsed(7)).isEqualTo("0:07");
    assertThat(ProgressBar.elapsed(125)).isEqualTo("2:05");
    assertThat(ProgressBar.elapsed(3_725)).isEqualTo("1:02:05");
  }
}
