package io.gpuautoscaler.cli;

import io.gpuautoscaler.core.sim.ReplayListener;
import io.gpuautoscaler.core.sim.RunResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr, redrawn in place with {@code \r}: percent, runs done, elapsed
 * time. Nothing is drawn during the first second, so quick runs and failures that come at once
 * leave stderr clean; once drawn, {@link #close()} ends the line with a newline.
 *
 * <p>Work arrives from the simulation threads through {@link #arrived(long)} and {@link
 * #runFinished}; a daemon thread redraws a few times a second. Thread-safe.
 */
final class ProgressBar implements ReplayListener, AutoCloseable {
  static final long DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long REDRAW_MILLIS = 200;
  private static final int BAR_WIDTH = 24;

  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final long total;
  private final int totalRuns;
  private final AtomicInteger runsDone = new AtomicInteger();
  private final boolean enabled;
  private final long start;
  private final AtomicLong done = new AtomicLong();
  private ScheduledExecutorService ticker;
  private boolean drawn;
  private boolean closed;

  /**
   * @param total the work units of the whole simulation (arrived GPU milli, all runs together)
   * @param totalRuns the number of runs (policies times seeds)
   * @param enabled false draws nothing ({@code --quiet})
   */
  ProgressBar(PrintWriter err, LongSupplier nanoTime, long total, int totalRuns, boolean enabled) {
    this.err = err;
    this.nanoTime = nanoTime;
    this.total = Math.max(1, total);
    this.totalRuns = totalRuns;
    this.enabled = enabled;
    this.start = nanoTime.getAsLong();
  }

  /** Starts redrawing on a daemon thread; without it, only {@link #tick()} draws. */
  ProgressBar startTicking() {
    if (enabled) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "gpu-autoscaler-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::tick, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Adds finished work units. */
  @Override
  public void arrived(long units) {
    done.addAndGet(units);
  }

  @Override
  public void runFinished(RunResult run) {
    runDone();
  }

  /** Counts one finished run, for callers without a {@link RunResult}. */
  void runDone() {
    runsDone.incrementAndGet();
  }

  /** Redraws the line, once the first second has passed. */
  synchronized void tick() {
    if (!enabled || closed || nanoTime.getAsLong() - start < DELAY_NANOS) {
      return;
    }
    draw(Math.min(done.get(), total), runsDone.get());
  }

  /**
   * Stops redrawing; if the bar was drawn, draws it complete (when {@code completed}) and ends the
   * line.
   */
  synchronized void finish(boolean completed) {
    if (closed) {
      return;
    }
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (drawn) {
      if (completed) {
        draw(total, totalRuns);
      }
      err.print('\n');
      err.flush();
    }
  }

  /** Ends the line as for a failure; a no-op after {@link #finish(boolean)}. */
  @Override
  public void close() {
    finish(false);
  }

  /** Whether anything was drawn. */
  synchronized boolean drawn() {
    return drawn;
  }

  private void draw(long units, int runs) {
    int percent = (int) (100 * units / total);
    int filled = (int) ((long) BAR_WIDTH * units / total);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong() - start);
    String line =
        String.format(
            Locale.ROOT,
            "\rsimulating [%s%s] %3d%%  %d/%d runs  %s elapsed",
            "#".repeat(filled),
            "-".repeat(BAR_WIDTH - filled),
            percent,
            Math.min(runs, totalRuns),
            totalRuns,
            elapsed(seconds));
    err.print(line);
    err.flush();
    drawn = true;
  }

  static String elapsed(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
