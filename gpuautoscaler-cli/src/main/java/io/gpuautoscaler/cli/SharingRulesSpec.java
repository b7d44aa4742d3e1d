package io.gpuautoscaler.cli;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingRules;
import io.gpuautoscaler.api.spi.Settings;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text form of {@code simulate --sharing-rules}: {@code key=value} pairs separated by commas
 * that change {@link SharingRules#DEFAULTS}, e.g. {@code
 * time-slicing-for-latency-sensitive=true,max-replicas=4}. Keys: {@code modes} (shared modes joined
 * by {@code +}, e.g. {@code mig+mps}, or {@code none}), {@code max-shared-compute-milli}, {@code
 * min-utilization-gain}, {@code time-slicing-for-latency-sensitive}, {@code mig-for-isolation},
 * {@code max-replicas}.
 */
final class SharingRulesSpec {
  private static final String[] KEYS = {
    "modes",
    "max-shared-compute-milli",
    "min-utilization-gain",
    "time-slicing-for-latency-sensitive",
    "mig-for-isolation",
    "max-replicas"
  };

  private SharingRulesSpec() {}

  /**
   * The defaults changed by {@code text}.
   *
   * @throws ConfigurationException naming the key and the bad value
   */
  static SharingRules parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : text.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException("sharing rules entry '" + pair + "' is not key=value");
      }
      if (values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim()) != null) {
        throw new ConfigurationException(
            "sharing rules set '" + pair.substring(0, eq).trim() + "' twice");
      }
    }
    Settings s = Settings.of(values).requireOnly("--sharing-rules", KEYS);
    SharingRules d = SharingRules.DEFAULTS;
    EnumSet<SharingMode> modes = EnumSet.noneOf(SharingMode.class);
    if (s.get("modes").isPresent()) {
      String raw = s.get("modes").get();
      if (!raw.equalsIgnoreCase("none")) {
        for (String label : raw.split("\\+", -1)) {
          try {
            modes.add(SharingMode.fromLabel(label));
          } catch (IllegalArgumentException e) {
            throw new ConfigurationException("sharing rules: modes: " + e.getMessage(), e);
          }
        }
      }
    } else {
      modes.addAll(d.allowedModes());
    }
    try {
      return new SharingRules(
          modes,
          s.getInt("max-shared-compute-milli", d.maxSharedComputeMilli()),
          s.getDouble("min-utilization-gain", d.minUtilizationGain()),
          s.getBoolean("time-slicing-for-latency-sensitive", d.timeSlicingForLatencySensitive()),
          s.getBoolean("mig-for-isolation", d.migForIsolation()),
          s.getInt("max-replicas", d.maxReplicas()));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("sharing rules: " + e.getMessage(), e);
    }
  }
}
