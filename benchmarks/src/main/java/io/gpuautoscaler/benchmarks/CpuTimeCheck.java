package io.gpuautoscaler.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Decisions per second of <em>CPU time</em> of this thread, for the cells of {@link
 * PlacementBenchmark} and {@link LargeClusterBenchmark}: a check that stays comparable when other
 * processes share the machine, which JMH's wall-clock scores do not. Same setup as the benchmark
 * (one trial), then {@code rounds} rounds of {@code decide} and of {@code churn}, each at least one
 * CPU second, after as many rounds of warmup; prints each round and the median.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.gpuautoscaler.benchmarks.CpuTimeCheck \
 *     PlacementBenchmark fgd 5000 [rounds]
 * java -cp benchmarks/target/benchmarks.jar io.gpuautoscaler.benchmarks.CpuTimeCheck \
 *     LargeClusterBenchmark best-fit 50000
 * </pre>
 */
public final class CpuTimeCheck {
  private CpuTimeCheck() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println(
          "usage: CpuTimeCheck PlacementBenchmark|LargeClusterBenchmark STRATEGY NODES [ROUNDS]");
      System.exit(2);
    }
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    SteadyCluster cluster;
    if (args[0].equals("PlacementBenchmark")) {
      PlacementBenchmark b = new PlacementBenchmark();
      b.strategy = args[1];
      b.nodes = Integer.parseInt(args[2]);
      b.setUp();
      cluster = b.cluster;
    } else if (args[0].equals("LargeClusterBenchmark")) {
      LargeClusterBenchmark b = new LargeClusterBenchmark();
      b.strategy = args[1];
      b.nodes = Integer.parseInt(args[2]);
      b.setUp();
      cluster = b.cluster;
    } else {
      throw new IllegalArgumentException("unknown benchmark " + args[0]);
    }
    measure(args, "decide", cluster::decide, rounds);
    measure(args, "churn", cluster::churn, rounds);
    System.out.println("[benchmarks] " + cluster.summary());
  }

  private static void measure(String[] args, String name, Supplier<Object> op, int rounds) {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    double[] rates = new double[rounds];
    for (int r = -rounds; r < rounds; r++) {
      long start = bean.getCurrentThreadCpuTime();
      long ops = 0;
      long sink = 0;
      long elapsed;
      do {
        for (int i = 0; i < 64; i++) {
          sink += op.get().hashCode();
        }
        ops += 64;
        elapsed = bean.getCurrentThreadCpuTime() - start;
      } while (elapsed < 1_000_000_000L);
      double rate = ops / (elapsed / 1e9);
      if (r >= 0) {
        rates[r] = rate;
      }
      System.out.printf(
          Locale.ROOT,
          "%s %s %s %s: %s round %d: %.0f decisions per CPU second (%d)%n",
          args[0],
          args[1],
          args[2],
          name,
          r < 0 ? "warmup" : "measured",
          r < 0 ? r + rounds : r,
          rate,
          sink & 1);
    }
    java.util.Arrays.sort(rates);
    System.out.printf(
        Locale.ROOT,
        "RESULT %s %s %s %s: median %.0f, min %.0f, max %.0f decisions per CPU second%n",
        args[0],
        args[1],
        args[2],
        name,
        rates[rounds / 2],
        rates[0],
        rates[rounds - 1]);
  }
}
