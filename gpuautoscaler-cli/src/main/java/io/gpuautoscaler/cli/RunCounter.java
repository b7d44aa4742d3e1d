package io.gpuautoscaler.cli;

import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts finished simulation runs for the progress bar, which {@code Simulator.run} does not
 * report: its progress callback carries arrived GPU milli but no run boundary.
 *
 * <p>The simulator creates one strategy per run, on the pool thread that then replays it, and a
 * pool thread replays one run at a time. So a {@code create} on a thread that already created one
 * means that thread's previous run is done. The count lags by at most one run per thread (a thread
 * that has no next run reports nothing until the simulation returns); it never counts ahead.
 */
final class RunCounter {
  private final ThreadLocal<Boolean> busy = ThreadLocal.withInitial(() -> false);
  private final AtomicInteger done = new AtomicInteger();

  /** Runs known to be done. */
  int done() {
    return done.get();
  }

  /** The same providers, counting runs as they create strategies. */
  ProviderRegistry<PackingStrategy.Provider> wrap(
      ProviderRegistry<PackingStrategy.Provider> registry) {
    return ProviderRegistry.of(
        PackingStrategy.Provider.class,
        registry.providers().stream()
            .map(p -> (PackingStrategy.Provider) new Counting(p))
            .toList());
  }

  private final class Counting implements PackingStrategy.Provider {
    private final PackingStrategy.Provider delegate;

    Counting(PackingStrategy.Provider delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public String description() {
      return delegate.description();
    }

    @Override
    public PackingStrategy create(Settings settings) {
      if (busy.get()) {
        done.incrementAndGet();
      }
      busy.set(true);
      return delegate.create(settings);
    }
  }
}
