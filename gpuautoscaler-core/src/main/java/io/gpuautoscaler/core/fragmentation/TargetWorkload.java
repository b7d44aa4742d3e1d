package io.gpuautoscaler.core.fragmentation;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.model.Workload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The distribution of task shapes that fragmentation is measured against (the FGD paper's "target
 * workload" M): each {@link TaskType} with the probability that the next task has its shape. Memory
 * is not part of a shape; fragmentation concerns GPUs, and CPU only through the fit.
 *
 * @param types the task types, weights summing to 1 (within 1e-9)
 */
@Beta
public record TargetWorkload(List<TaskType> types) {

  /** The share of pods the typical shapes must cover, as in the FGD simulator. */
  public static final double DEFAULT_COVERAGE = 0.95;

  /**
   * One task shape and its probability.
   *
   * @param cpuMilli CPU request
   * @param gpuMilli share of each GPU (0 for CPU-only)
   * @param gpuCount number of GPUs (0 for CPU-only)
   * @param allowedGpuModels allowed models, copied and sorted; empty for any
   * @param weight probability, in (0, 1]
   */
  public record TaskType(
      long cpuMilli, int gpuMilli, int gpuCount, Set<String> allowedGpuModels, double weight) {
    public TaskType {
      if (cpuMilli < 0 || gpuMilli < 0 || gpuMilli > Workload.WHOLE_GPU_MILLI || gpuCount < 0) {
        throw new IllegalArgumentException(
            "task type needs cpuMilli >= 0, gpuMilli in 0..1000 and gpuCount >= 0, was "
                + cpuMilli
                + "/"
                + gpuMilli
                + "/"
                + gpuCount);
      }
      if ((gpuCount == 0) != (gpuMilli == 0)) {
        throw new IllegalArgumentException(
            "task type with gpuCount " + gpuCount + " cannot have gpuMilli " + gpuMilli);
      }
      if (!(weight > 0 && weight <= 1)) {
        throw new IllegalArgumentException("task type weight must be in (0, 1], was " + weight);
      }
      for (String model : requireNonNull(allowedGpuModels)) {
        if (model == null || model.isBlank()) {
          throw new IllegalArgumentException("task type has a blank GPU model");
        }
      }
      allowedGpuModels = Collections.unmodifiableSortedSet(new TreeSet<>(allowedGpuModels));
    }
  }

  public TargetWorkload {
    types = List.copyOf(types);
    if (types.isEmpty()) {
      throw new IllegalArgumentException("a target workload needs at least one task type");
    }
    double sum = types.stream().mapToDouble(TaskType::weight).sum();
    if (Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException("task type weights must sum to 1, sum to " + sum);
    }
  }

  /**
   * The typical shapes of {@code workloads}, as the FGD simulator computes them: group by (CPU, GPU
   * share, GPU count, allowed models), sort by count (larger shape first on equal counts), keep the
   * shortest prefix that covers {@code coverage} of the workloads, renormalize.
   *
   * @throws IllegalArgumentException for an empty list or a coverage outside (0, 1]
   */
  public static TargetWorkload typicalOf(List<Workload> workloads, double coverage) {
    if (workloads.isEmpty()) {
      throw new IllegalArgumentException("no workloads to learn a target workload from");
    }
    if (!(coverage > 0 && coverage <= 1)) {
      throw new IllegalArgumentException("coverage must be in (0, 1], was " + coverage);
    }
    record Key(long cpu, int milli, int count, String models) {}
    Map<Key, Integer> counts = new HashMap<>();
    for (Workload w : workloads) {
      Key key =
          new Key(w.cpuMilli(), w.gpuMilli(), w.gpuCount(), String.join("|", w.allowedGpuModels()));
      counts.merge(key, 1, Integer::sum);
    }
    List<Map.Entry<Key, Integer>> sorted = new ArrayList<>(counts.entrySet());
    Comparator<Map.Entry<Key, Integer>> byCount = Map.Entry.comparingByValue();
    Comparator<Key> byShape =
        Comparator.comparingLong(Key::cpu)
            .thenComparingInt(Key::milli)
            .thenComparingInt(Key::count)
            .thenComparing(Key::models);
    sorted.sort(byCount.reversed().thenComparing(Map.Entry::getKey, byShape.reversed()));
    int total = workloads.size();
    long needed = (long) Math.ceil(coverage * total - 1e-9);
    List<Map.Entry<Key, Integer>> kept = new ArrayList<>();
    long covered = 0;
    for (Map.Entry<Key, Integer> e : sorted) {
      kept.add(e);
      covered += e.getValue();
      if (covered >= needed) {
        break;
      }
    }
    List<TaskType> types = new ArrayList<>(kept.size());
    double acc = 0;
    for (int i = 0; i < kept.size(); i++) {
      Key k = kept.get(i).getKey();
      // The last weight absorbs rounding so that the sum is exactly 1.
      double weight = i == kept.size() - 1 ? 1 - acc : kept.get(i).getValue() / (double) covered;
      acc += weight;
      Set<String> models = k.models().isEmpty() ? Set.of() : Set.of(k.models().split("\\|"));
      types.add(new TaskType(k.cpu(), k.milli(), k.count(), models, weight));
    }
    return new TargetWorkload(types);
  }

  /**
   * A compact text form, {@code cpu:gpuMilli:gpuCount[:modelA|modelB]@weight} joined by {@code ,},
   * that {@link #parse} reads back; what the {@code target-workload} setting holds.
   */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (TaskType t : types) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(t.cpuMilli()).append(':').append(t.gpuMilli()).append(':').append(t.gpuCount());
      if (!t.allowedGpuModels().isEmpty()) {
        sb.append(':').append(String.join("|", new TreeSet<>(t.allowedGpuModels())));
      }
      sb.append('@').append(String.format(Locale.ROOT, "%.17g", t.weight()));
    }
    return sb.toString();
  }

  /**
   * Reads the form {@link #format} writes. Weights are renormalized to sum to 1.
   *
   * @throws ConfigurationException naming the malformed entry
   */
  public static TargetWorkload parse(String text) {
    List<long[]> shapes = new ArrayList<>();
    List<Set<String>> models = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    String[] entries = text.trim().split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      try {
        int at = entry.indexOf('@');
        if (at < 0) {
          throw new IllegalArgumentException("missing '@weight'");
        }
        String[] parts = entry.substring(0, at).split(":", -1);
        if (parts.length < 3 || parts.length > 4) {
          throw new IllegalArgumentException("expected cpu:gpuMilli:gpuCount[:models]");
        }
        shapes.add(
            new long[] {
              Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])
            });
        Set<String> allowed = new TreeSet<>();
        if (parts.length == 4) {
          for (String model : parts[3].split("\\|", -1)) {
            if (model.isBlank()) {
              throw new IllegalArgumentException("blank GPU model in '" + parts[3] + "'");
            }
            if (!allowed.add(model)) {
              throw new IllegalArgumentException("duplicate GPU model " + model);
            }
          }
        }
        models.add(allowed);
        double weight = Double.parseDouble(entry.substring(at + 1));
        if (!(weight > 0) || !Double.isFinite(weight)) {
          throw new IllegalArgumentException("weight must be a positive number");
        }
        weights.add(weight);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "target workload entry " + (i + 1) + " '" + entry + "' is malformed: " + e.getMessage(),
            e);
      }
    }
    double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
    List<TaskType> types = new ArrayList<>();
    double acc = 0;
    for (int i = 0; i < shapes.size(); i++) {
      double w = i == shapes.size() - 1 ? 1 - acc : weights.get(i) / sum;
      acc += w;
      long[] s = shapes.get(i);
      try {
        types.add(new TaskType(s[0], (int) s[1], (int) s[2], models.get(i), w));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "target workload entry " + (i + 1) + " is invalid: " + e.getMessage(), e);
      }
    }
    return new TargetWorkload(types);
  }
}
