package io.gpuautoscaler.cost.store;

import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A writer run in its own JVM by {@link KillAndReingestTest}: writes {@code batches} batches into a
 * store and prints {@code ACK <batch>} on stdout once each write has returned, so that the test can
 * kill it and then check that everything acknowledged survived.
 *
 * <p>Arguments: {@code <store> <batches> <batch-size> <pause-ms> [key=value settings…]}.
 */
public final class CostWriterProcess {
  private CostWriterProcess() {}

  public static void main(String[] args) throws InterruptedException {
    String provider = args[0];
    int batches = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    long pauseMs = Long.parseLong(args[3]);
    Settings settings = Settings.empty();
    for (int i = 4; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      settings = settings.with(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    PrintStream out = System.out;
    try (CostStore store =
        ProviderRegistry.load(CostStore.Provider.class).require(provider).create(settings)) {
      out.println("OPEN");
      out.flush();
      for (int b = 0; b < batches; b++) {
        store.write(batch(b, size));
        out.println("ACK " + b);
        out.flush();
        Thread.sleep(pauseMs);
      }
    }
    out.println("DONE");
    out.flush();
  }

  /**
   * Batch {@code b}: {@code size} workloads' records for minute {@code b} after {@link
   * CostRecords#START}. Costs are multiples of 1/4, so sums are exact.
   */
  static List<CostRecord> batch(int b, int size) {
    List<CostRecord> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(
          CostRecords.record(
              "w-" + i,
              "ns-" + (i % 5),
              Map.of("app", "a" + (i % 3)),
              Optional.of("team-" + (i % 4)),
              "node-" + (i % 11),
              "H100",
              CapacityType.ON_DEMAND,
              CostRecords.START.plus(Duration.ofMinutes(b)),
              60,
              1000,
              ((b * 7L + i) % 97 + 1) / 4.0));
    }
    return out;
  }
}
