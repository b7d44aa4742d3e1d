package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.sim.PolicyResult;
import io.gpuautoscaler.core.sim.ReplayOptions;
import io.gpuautoscaler.core.sim.SimulationReport;
import io.gpuautoscaler.core.sim.Simulator;
import io.gpuautoscaler.core.trace.SyntheticSpec;
import io.gpuautoscaler.core.trace.Trace;
import io.gpuautoscaler.testing.TraceFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The ablation of {@link HorizonFgdStrategy} in docs/packing-strategies.md: each part switched on
 * and off, replayed under the paper's protocol. Not a test (it asserts nothing and takes minutes);
 * it runs only when asked:
 *
 * <pre>
 * mvn -q -o -pl gpuautoscaler-core -am test -Dtest=HorizonFgdAblation \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dablation=true [-Dablation.seeds=42-51] \
 *     [-Dablation.synthetic=nodes=1213,seed=1,shared=0.6]
 * </pre>
 */
@EnabledIfSystemProperty(named = "ablation", matches = "true")
class HorizonFgdAblation {
  private record Variant(
      String name, String label, int horizon, boolean memory, boolean cpu, boolean plainFresh) {}

  private static final List<Variant> VARIANTS =
      List.of(
          new Variant("h1", "H=1, no memory (fgd's measure)", 1, false, false, true),
          new Variant("h1-mem", "H=1 + memory", 1, true, false, true),
          new Variant("h1-mem-cpu", "H=1 + memory + CPU (strand-aware-fgd)", 1, true, true, true),
          new Variant("h3", "H=3, no memory", 3, false, false, true),
          new Variant("h3-mem", "H=3 + memory (horizon-fgd)", 3, true, false, true),
          new Variant(
              "h3-mem-fresh", "H=3 + memory, empty nodes with memory", 3, true, false, false),
          new Variant("h3-mem-cpu", "H=3 + memory + CPU", 3, true, true, true),
          new Variant("h2-mem", "H=2 + memory", 2, true, false, true),
          new Variant("h4-mem", "H=4 + memory", 4, true, false, true),
          new Variant("h6-mem", "H=6 + memory", 6, true, false, true),
          new Variant("h10-mem", "H=10 + memory", 10, true, false, true));

  @Test
  void printTheAblation() {
    String synthetic = System.getProperty("ablation.synthetic");
    Trace trace =
        synthetic == null
            ? TraceFixtures.defaultTrace()
            : SyntheticSpec.parse(synthetic).generate();
    String[] range = System.getProperty("ablation.seeds", "42-51").split("-");
    List<Long> seeds =
        LongStream.rangeClosed(Long.parseLong(range[0]), Long.parseLong(range[range.length - 1]))
            .boxed()
            .toList();
    var registry = ProviderRegistry.load(PackingStrategy.Provider.class);
    List<String> names = new ArrayList<>(List.of("fgd", "best-fit"));
    for (Variant v : VARIANTS) {
      registry = registry.with(provider(v));
      names.add(v.name());
    }
    SimulationReport report =
        new Simulator(trace, registry, ReplayOptions.PAPER).run(names, seeds, 2, x -> {});
    int[] xs = {80, 90, 95, 97, 100, 105, 110, 120, 130};
    for (PolicyResult r : report.results()) {
      String label =
          VARIANTS.stream()
              .filter(v -> v.name().equals(r.policy()))
              .map(Variant::label)
              .findFirst()
              .orElse(r.policy());
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s |", label));
      for (int x : xs) {
        row.append(String.format(Locale.ROOT, " %.2f |", r.at(x).unallocatedPct().mean()));
      }
      System.out.println(row);
    }
  }

  private static PackingStrategy.Provider provider(Variant v) {
    return new PackingStrategy.Provider() {
      @Override
      public String name() {
        return v.name();
      }

      @Override
      public String description() {
        return v.label();
      }

      @Override
      public PackingStrategy create(Settings settings) {
        return new HorizonFgdStrategy(
            BuiltinSettings.targetWorkload(settings),
            v.horizon(),
            v.memory(),
            v.cpu(),
            v.plainFresh());
      }
    };
  }
}
