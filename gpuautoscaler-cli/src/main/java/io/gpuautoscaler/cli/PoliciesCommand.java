package io.gpuautoscaler.cli;

import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.core.packing.DefaultPacking;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-autoscaler policies}: the packing strategies and the scaling policies on the class
 * path, by name.
 */
@Command(
    name = "policies",
    header =
        "Lists the packing strategies ('simulate --policy') and the scaling policies"
            + " ('simulate --jobs ... --autoscale').",
    mixinStandardHelpOptions = true,
    versionProvider = GpuAutoscalerCli.Version.class,
    description = {
      "Lists the packing strategies that 'simulate --policy' accepts: the built-in ones and any",
      "plugin on the class path (found with java.util.ServiceLoader), sorted by name, then the",
      "alias 'default' and the strategy it stands for; then the scaling policies that",
      "'simulate --jobs ... --autoscale' accepts."
    })
final class PoliciesCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    List<PackingStrategy.Provider> providers =
        ProviderRegistry.load(PackingStrategy.Provider.class).providers();
    PrintWriter out = spec.commandLine().getOut();
    if (providers.isEmpty()) {
      out.println("No packing strategies found on the class path.");
      out.flush();
      return GpuAutoscalerCli.EXIT_OK;
    }
    int width = "NAME".length();
    for (PackingStrategy.Provider p : providers) {
      width = Math.max(width, p.name().length());
    }
    String row = "%-" + width + "s  %s%n";
    out.printf(Locale.ROOT, row, "NAME", "DESCRIPTION");
    for (PackingStrategy.Provider p : providers) {
      out.printf(Locale.ROOT, row, p.name(), p.description());
    }
    if (providers.stream().anyMatch(p -> p.name().equals(DefaultPacking.STRATEGY))) {
      out.printf(Locale.ROOT, row, DefaultPacking.ALIAS, "alias of " + DefaultPacking.STRATEGY);
    }
    List<ScalingPolicy.Provider> scaling =
        ProviderRegistry.load(ScalingPolicy.Provider.class).providers();
    if (!scaling.isEmpty()) {
      int w = "SCALING POLICY".length();
      for (ScalingPolicy.Provider p : scaling) {
        w = Math.max(w, p.name().length());
      }
      String scalingRow = "%-" + w + "s  %s%n";
      out.println();
      out.printf(Locale.ROOT, scalingRow, "SCALING POLICY", "DESCRIPTION");
      for (ScalingPolicy.Provider p : scaling) {
        out.printf(Locale.ROOT, scalingRow, p.name(), p.description());
      }
    }
    out.flush();
    return GpuAutoscalerCli.EXIT_OK;
  }
}
