package io.gpuautoscaler.core.trace;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A synthetic cluster and workload of any size, for running strategies at 10,000 or 50,000 nodes
 * and on workload mixes that no trace has: what {@code gpu-autoscaler simulate --synthetic SPEC}
 * replays.
 *
 * <p>Nodes are split among the {@link NodeShape}s in proportion to their weights (largest
 * remainders, so the split is exact and deterministic). Pods are drawn, with a caller-seeded {@link
 * SplittableRandom}, from the Alibaba trace's pod-shape mix ({@link SyntheticOpenb}), re-weighted
 * so that each pod class has the share asked for: CPU-only, a share of one GPU, one whole GPU,
 * several GPUs. A class whose share is not given keeps its share of the trace's mix, scaled to what
 * the given ones leave. A share {@code constrained} of the GPU pods may run only on one or two GPU
 * models of the cluster, drawn at random.
 *
 * <p>The text form, {@code key=value} pairs separated by commas:
 *
 * <pre>
 * nodes=10000,seed=7,pods=70000,cpu=0.2,shared=0.5,whole=0.25,multi=0.05,constrained=0.3,
 *     shapes=A100-40GB:8:96000:786432:3|T4:2:104000:524288:1
 * </pre>
 *
 * with each shape as {@code model:gpus:cpuMilli:memoryMib:weight}. Only {@code nodes} is required;
 * {@code pods} defaults to the trace's 6.72 pods per node, {@code seed} to 0 and {@code shapes} to
 * the trace's 15 node shapes weighted by their node counts.
 *
 * @param nodes number of nodes, at least 1
 * @param seed seed of every random draw
 * @param pods number of pods, at least 1
 * @param shapes node shapes with weights
 * @param cpuOnlyShare share of CPU-only pods, when given
 * @param sharedShare share of pods that take a share of one GPU, when given
 * @param wholeShare share of pods that take one whole GPU, when given
 * @param multiGpuShare share of pods that take several GPUs, when given
 * @param constrainedShare share of GPU pods limited to some GPU models, 0..1
 */
@Beta
public record SyntheticSpec(
    int nodes,
    long seed,
    int pods,
    List<NodeShape> shapes,
    OptionalDouble cpuOnlyShare,
    OptionalDouble sharedShare,
    OptionalDouble wholeShare,
    OptionalDouble multiGpuShare,
    double constrainedShare) {

  /** Pods per node in the trace's default lists: 8,152 pods on 1,213 nodes. */
  public static final double TRACE_PODS_PER_NODE = 8152.0 / 1213.0;

  /**
   * One node shape.
   *
   * @param model GPU model
   * @param gpus GPUs per node, at least 1
   * @param cpuMilli CPU per node
   * @param memoryMib memory per node
   * @param weight relative share of the nodes, positive
   */
  public record NodeShape(String model, int gpus, long cpuMilli, long memoryMib, double weight) {
    public NodeShape {
      requireNonNull(model, "model");
      if (model.isBlank() || gpus < 1 || cpuMilli < 0 || memoryMib < 0 || !(weight > 0)) {
        throw new IllegalArgumentException(
            "node shape needs a model, gpus >= 1, cpuMilli and memoryMib >= 0 and a positive"
                + " weight, was "
                + model
                + ":"
                + gpus
                + ":"
                + cpuMilli
                + ":"
                + memoryMib
                + ":"
                + weight);
      }
    }
  }

  public SyntheticSpec {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be >= 1, was " + nodes);
    }
    if (pods < 1) {
      throw new IllegalArgumentException("pods must be >= 1, was " + pods);
    }
    shapes = List.copyOf(shapes);
    if (shapes.isEmpty()) {
      throw new IllegalArgumentException("at least one node shape is needed");
    }
    double given = 0;
    for (OptionalDouble share : List.of(cpuOnlyShare, sharedShare, wholeShare, multiGpuShare)) {
      if (share.isPresent()) {
        double v = share.getAsDouble();
        if (!(v >= 0 && v <= 1)) {
          throw new IllegalArgumentException("pod class shares must be in 0..1, was " + v);
        }
        given += v;
      }
    }
    if (given > 1 + 1e-9) {
      throw new IllegalArgumentException("pod class shares add up to " + given + ", more than 1");
    }
    if (!(constrainedShare >= 0 && constrainedShare <= 1)) {
      throw new IllegalArgumentException("constrained must be in 0..1, was " + constrainedShare);
    }
  }

  /**
   * Reads the text form described in the class comment.
   *
   * @throws ConfigurationException naming the key and the bad value
   */
  public static SyntheticSpec parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : text.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException(
            "synthetic spec entry '" + pair + "' is not key=value (in '" + text + "')");
      }
      String key = pair.substring(0, eq).trim();
      if (values.put(key, pair.substring(eq + 1).trim()) != null) {
        throw new ConfigurationException("synthetic spec sets '" + key + "' twice");
      }
    }
    TreeSet<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(
        List.of(
            "nodes", "seed", "pods", "shapes", "cpu", "shared", "whole", "multi", "constrained"));
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          "synthetic spec has unknown key(s) "
              + unknown
              + "; known: nodes, seed, pods, shapes, cpu, shared, whole, multi, constrained");
    }
    if (!values.containsKey("nodes")) {
      throw new ConfigurationException("synthetic spec needs nodes=N (in '" + text + "')");
    }
    try {
      int nodes = Math.toIntExact(number(values, "nodes"));
      List<NodeShape> shapes =
          values.containsKey("shapes") ? shapes(values.get("shapes")) : SyntheticOpenb.nodeShapes();
      int pods =
          values.containsKey("pods")
              ? Math.toIntExact(number(values, "pods"))
              : (int) Math.max(1, Math.round(nodes * TRACE_PODS_PER_NODE));
      return new SyntheticSpec(
          nodes,
          values.containsKey("seed") ? number(values, "seed") : 0,
          pods,
          shapes,
          share(values, "cpu"),
          share(values, "shared"),
          share(values, "whole"),
          share(values, "multi"),
          share(values, "constrained").orElse(0));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigurationException("synthetic spec '" + text + "': " + e.getMessage(), e);
    }
  }

  private static long number(Map<String, String> values, String key) {
    try {
      return Long.parseLong(values.get(key));
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "synthetic spec: " + key + " must be an integer, was '" + values.get(key) + "'", e);
    }
  }

  private static OptionalDouble share(Map<String, String> values, String key) {
    if (!values.containsKey(key)) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(Double.parseDouble(values.get(key)));
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "synthetic spec: " + key + " must be a number, was '" + values.get(key) + "'", e);
    }
  }

  private static List<NodeShape> shapes(String text) {
    List<NodeShape> shapes = new ArrayList<>();
    for (String shape : text.split("\\|", -1)) {
      String[] f = shape.split(":", -1);
      if (f.length != 5) {
        throw new ConfigurationException(
            "synthetic spec: shape '" + shape + "' is not model:gpus:cpuMilli:memoryMib:weight");
      }
      try {
        shapes.add(
            new NodeShape(
                f[0].trim(),
                Integer.parseInt(f[1].trim()),
                Long.parseLong(f[2].trim()),
                Long.parseLong(f[3].trim()),
                Double.parseDouble(f[4].trim())));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "synthetic spec: shape '" + shape + "': " + e.getMessage(), e);
      }
    }
    return shapes;
  }

  /** The cluster and pods this spec describes. Deterministic. */
  public Trace generate() {
    return new Trace(describe(), nodeList(), podList());
  }

  private String describe() {
    StringBuilder sb = new StringBuilder("synthetic: ");
    sb.append(nodes).append(" nodes, ").append(pods).append(" pods, seed ").append(seed);
    appendShare(sb, "cpu", cpuOnlyShare);
    appendShare(sb, "shared", sharedShare);
    appendShare(sb, "whole", wholeShare);
    appendShare(sb, "multi", multiGpuShare);
    if (constrainedShare > 0) {
      sb.append(String.format(Locale.ROOT, ", constrained %.2f", constrainedShare));
    }
    return sb.toString();
  }

  private static void appendShare(StringBuilder sb, String name, OptionalDouble share) {
    share.ifPresent(v -> sb.append(String.format(Locale.ROOT, ", %s %.2f", name, v)));
  }

  private List<GpuNode> nodeList() {
    double total = shapes.stream().mapToDouble(NodeShape::weight).sum();
    int[] counts = new int[shapes.size()];
    double[] remainders = new double[shapes.size()];
    int assigned = 0;
    for (int i = 0; i < counts.length; i++) {
      double exact = nodes * shapes.get(i).weight() / total;
      counts[i] = (int) Math.floor(exact);
      remainders[i] = exact - counts[i];
      assigned += counts[i];
    }
    while (assigned < nodes) {
      int best = 0;
      for (int i = 1; i < counts.length; i++) {
        if (remainders[i] > remainders[best]) {
          best = i;
        }
      }
      counts[best]++;
      remainders[best] = -1;
      assigned++;
    }
    List<GpuNode> list = new ArrayList<>(nodes);
    String format = "synthetic-node-%0" + Math.max(4, Integer.toString(nodes - 1).length()) + "d";
    for (int i = 0; i < counts.length; i++) {
      NodeShape shape = shapes.get(i);
      for (int c = 0; c < counts[i]; c++) {
        list.add(
            GpuNode.of(
                String.format(Locale.ROOT, format, list.size()),
                shape.cpuMilli(),
                shape.memoryMib(),
                shape.gpus(),
                shape.model()));
      }
    }
    return list;
  }

  /** Pod class of a mix row: 0 CPU-only, 1 shared, 2 one whole GPU, 3 several GPUs. */
  private static int podClass(long[] row) {
    if (row[2] == 0) {
      return 0;
    }
    if (row[2] == 1) {
      return row[3] < Workload.WHOLE_GPU_MILLI ? 1 : 2;
    }
    return 3;
  }

  private List<TracePod> podList() {
    long[][] mix = SyntheticOpenb.podMix();
    int maxGpus = shapes.stream().mapToInt(NodeShape::gpus).max().orElseThrow();
    double[] classTotal = new double[4];
    for (long[] row : mix) {
      if (row[2] <= maxGpus) {
        classTotal[podClass(row)] += row[4];
      }
    }
    OptionalDouble[] asked = {cpuOnlyShare, sharedShare, wholeShare, multiGpuShare};
    double givenSum = 0;
    double freeMass = 0;
    for (int c = 0; c < 4; c++) {
      if (asked[c].isPresent()) {
        givenSum += asked[c].getAsDouble();
      } else {
        freeMass += classTotal[c];
      }
    }
    double[] classShare = new double[4];
    for (int c = 0; c < 4; c++) {
      if (asked[c].isPresent()) {
        classShare[c] = asked[c].getAsDouble();
      } else {
        classShare[c] = freeMass == 0 ? 0 : (1 - givenSum) * classTotal[c] / freeMass;
      }
      if (classShare[c] > 0 && classTotal[c] == 0) {
        throw new IllegalArgumentException(
            "no pod shape of class "
                + List.of("cpu", "shared", "whole", "multi").get(c)
                + " fits nodes of at most "
                + maxGpus
                + " GPUs");
      }
    }
    double[] weights = new double[mix.length];
    double weightSum = 0;
    for (int i = 0; i < mix.length; i++) {
      long[] row = mix[i];
      if (row[2] <= maxGpus) {
        int c = podClass(row);
        weights[i] = classShare[c] * row[4] / classTotal[c];
        weightSum += weights[i];
      }
    }
    if (!(weightSum > 0)) {
      throw new IllegalArgumentException("the pod class shares leave no pod to draw");
    }
    List<String> models = shapes.stream().map(NodeShape::model).distinct().sorted().toList();
    SplittableRandom random = new SplittableRandom(seed);
    List<TracePod> list = new ArrayList<>(pods);
    String format = "synthetic-pod-%0" + Math.max(4, Integer.toString(pods - 1).length()) + "d";
    for (int p = 0; p < pods; p++) {
      double draw = random.nextDouble() * weightSum;
      int pick = -1;
      for (int i = 0; i < mix.length; i++) {
        if (weights[i] > 0) {
          pick = i;
          draw -= weights[i];
          if (draw < 0) {
            break;
          }
        }
      }
      long[] row = mix[pick];
      Workload.Builder builder =
          Workload.builder(String.format(Locale.ROOT, format, p))
              .cpuMilli(row[0])
              .memoryMib(row[1])
              .gpus((int) row[2], (int) row[3]);
      if (row[2] > 0 && constrainedShare > 0 && random.nextDouble() < constrainedShare) {
        TreeSet<String> allowed = new TreeSet<>();
        allowed.add(models.get(random.nextInt(models.size())));
        if (models.size() > 1 && random.nextBoolean()) {
          allowed.add(models.get(random.nextInt(models.size())));
        }
        builder.allowedGpuModels(allowed);
      }
      list.add(TracePod.of(builder.build()));
    }
    return list;
  }
}
