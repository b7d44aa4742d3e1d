package io.gpuautoscaler.core.sharing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.sharing.Assignment;
import io.gpuautoscaler.api.sharing.ExtendedResource;
import io.gpuautoscaler.api.sharing.GpuClient;
import io.gpuautoscaler.api.sharing.NodeConfig;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingPlan;
import io.gpuautoscaler.api.sharing.SharingPlanner;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.api.sharing.Unplaced;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the MPS and time-slicing planners share: both are the NVIDIA device plugin's "replicated
 * resources", which advertise each physical GPU as {@code replicas} copies of {@code
 * nvidia.com/gpu}.
 *
 * <p>The device plugin applies <b>one</b> sharing config, with one replicas count, to <b>all</b>
 * GPUs of a node. So a node is either not replicated (its GPUs are whole, or MIG), or replicated in
 * this planner's mode with one replicas count, and a plan keeps it that way: a node that already
 * runs replicated clients keeps its replicas (changing them would restart the device plugin under
 * its clients), a node where any GPU runs a whole-GPU workload or has MIG enabled is not used, and
 * only a node with every listed GPU idle is switched, all its GPUs at once.
 *
 * <p>Requests are taken largest first (compute, then memory; ties in input order) and each goes to
 * the fullest replicated GPU it fits, so that requests end up on the fewest GPUs; only when none
 * has room is an idle node switched, the first by name whose model takes the request. The replicas
 * of a switched node come from {@link #freshReplicas}. Pure and thread-safe.
 */
@Beta
public abstract class ReplicatedPlanner implements SharingPlanner {
  /** The node label that selects a named config from the device plugin's ConfigMap. */
  public static final String CONFIG_LABEL = "nvidia.com/device-plugin.config";

  /** The resource every replicated GPU is advertised as, unless renamed. */
  public static final String GPU_RESOURCE = "nvidia.com/gpu";

  /** The resource name with {@code renameByDefault: true}. */
  public static final String SHARED_GPU_RESOURCE = "nvidia.com/gpu.shared";

  private final GpuCatalog catalog;
  private final boolean renameByDefault;
  private final boolean failRequestsGreaterThanOne;

  /**
   * @param catalog where GPU models are looked up
   * @param renameByDefault whether the config renames the resource to {@code nvidia.com/gpu.shared}
   * @param failRequestsGreaterThanOne whether the config makes a container asking for more than one
   *     replica fail admission
   */
  protected ReplicatedPlanner(
      GpuCatalog catalog, boolean renameByDefault, boolean failRequestsGreaterThanOne) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.renameByDefault = renameByDefault;
    this.failRequestsGreaterThanOne = failRequestsGreaterThanOne;
  }

  /**
   * The key under {@code sharing} in the device plugin config: {@code mps} or {@code timeSlicing}.
   */
  protected abstract String configKey();

  /** Why GPUs of {@code model} cannot be shared in this mode, or empty when they can. */
  protected abstract Optional<String> unsupported(GpuModel model);

  /**
   * The replicas an idle node of {@code model} gets when {@code opener} is the first request put on
   * it; below 2 when the request cannot share a GPU of this model at all.
   *
   * @param all every request of the plan, for planners that size replicas by the mix
   */
  protected abstract int freshReplicas(
      GpuModel model, SharingRequest opener, List<SharingRequest> all);

  /** Whether {@code request} fits a GPU of {@code model} with {@code replicas} and {@code load}. */
  protected abstract boolean fits(GpuModel model, int replicas, Load load, SharingRequest request);

  /** The environment of a client on a GPU of {@code model} with {@code replicas}. */
  protected abstract Map<String, String> environment(GpuModel model, int replicas);

  /**
   * What is on one replicated GPU: its clients, their memory and their compute.
   *
   * @param clients clients on the GPU
   * @param memoryMiB their memory, summed
   * @param computeMilli their compute, summed
   */
  public record Load(int clients, long memoryMiB, long computeMilli) {
    /** An idle GPU. */
    public static final Load IDLE = new Load(0, 0, 0);

    /** This load with {@code memoryMiB} and {@code computeMilli} added as one more client. */
    public Load plus(long memory, long compute) {
      return new Load(clients + 1, memoryMiB + memory, computeMilli + compute);
    }
  }

  /** The name of the config of this mode with {@code replicas}, e.g. {@code mps-4}. */
  public String configName(int replicas) {
    return mode().label() + "-" + replicas;
  }

  /**
   * The device plugin config that shares every GPU of a node in this mode with {@code replicas}:
   * {@code version: v1} and {@code sharing.<mode>} with one {@code nvidia.com/gpu} resource.
   */
  public String configDocument(int replicas) {
    if (replicas < 2) {
      throw new IllegalArgumentException("replicas must be >= 2, was " + replicas);
    }
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("name", GPU_RESOURCE);
    resource.put("replicas", replicas);
    Map<String, Object> shared = new LinkedHashMap<>();
    shared.put("renameByDefault", renameByDefault);
    shared.put("failRequestsGreaterThanOne", failRequestsGreaterThanOne);
    shared.put("resources", List.of(resource));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", "v1");
    doc.put("sharing", Map.of(configKey(), shared));
    return YamlWriter.write(doc);
  }

  /** The resource a client container asks for: one replica. */
  public ExtendedResource clientResource() {
    return new ExtendedResource(renameByDefault ? SHARED_GPU_RESOURCE : GPU_RESOURCE, 1);
  }

  private static final class Node {
    final String name;
    final GpuModel model;
    final List<Integer> gpus = new ArrayList<>();
    final Map<Integer, Load> loads = new HashMap<>();
    int replicas; // 0 = not replicated
    boolean usable = true;
    Optional<String> incompatible = Optional.empty(); // why this mode cannot be used here at all
    boolean changed;

    Node(String name, GpuModel model) {
      this.name = name;
      this.model = model;
    }
  }

  @Override
  public final SharingPlan plan(List<SharedGpu> gpus, List<SharingRequest> requests) {
    requireNonNull(gpus, "gpus");
    requireNonNull(requests, "requests");
    Map<String, Node> nodes = nodes(gpus);
    Set<String> ids = new HashSet<>();
    for (SharingRequest r : requests) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("two requests have the id " + r.id());
      }
    }
    List<SharingRequest> order = new ArrayList<>(requests);
    order.sort(
        Comparator.comparingInt(SharingRequest::computeMilli)
            .thenComparingLong(SharingRequest::memoryMiB)
            .reversed());
    Map<String, Assignment> placed = new HashMap<>();
    Map<String, Unplaced> unplaced = new HashMap<>();
    for (SharingRequest r : order) {
      if (r.profile().isPresent()) {
        unplaced.put(
            r.id(),
            new Unplaced(
                r.id(),
                Unplaced.Reason.NO_COMPATIBLE_GPU,
                "request "
                    + r.id()
                    + " asks for MIG profile "
                    + r.profile().get()
                    + "; the "
                    + mode().label()
                    + " planner plans no MIG instances"));
        continue;
      }
      Optional<Assignment> a = placeOnReplicated(nodes, r);
      if (a.isEmpty()) {
        a = placeOnIdleNode(nodes, r, requests);
      }
      if (a.isPresent()) {
        placed.put(r.id(), a.get());
      } else {
        unplaced.put(r.id(), whyNot(nodes, r, requests));
      }
    }
    List<Assignment> assignments = new ArrayList<>();
    List<Unplaced> failures = new ArrayList<>();
    for (SharingRequest r : requests) {
      if (placed.containsKey(r.id())) {
        assignments.add(placed.get(r.id()));
      } else {
        failures.add(unplaced.get(r.id()));
      }
    }
    List<NodeConfig> configs = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Node n : nodes.values()) {
      if (n.changed) {
        String name = configName(n.replicas);
        configs.add(
            new NodeConfig(
                n.name,
                name,
                Map.of(CONFIG_LABEL, name),
                configDocument(n.replicas),
                true,
                n.gpus));
      }
    }
    if (mode() == SharingMode.TIME_SLICING && !assignments.isEmpty()) {
      warnings.add(
          "time-slicing gives no memory or fault isolation: clients on one GPU share its memory"
              + " with no limit, and a fault in one can end the others");
    }
    return new SharingPlan(mode(), assignments, configs, failures, warnings);
  }

  private Map<String, Node> nodes(List<SharedGpu> gpus) {
    Map<String, Node> nodes = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (SharedGpu g : gpus) {
      if (!seen.add(g.node() + "\u0000" + g.index())) {
        throw new IllegalArgumentException(
            "GPU " + g.index() + " of " + g.node() + " is listed twice");
      }
      GpuModel model = catalog.require(g.model());
      Node n = nodes.computeIfAbsent(g.node(), name -> new Node(name, model));
      if (!n.model.name().equals(model.name())) {
        throw new IllegalArgumentException(
            "node "
                + g.node()
                + " lists GPUs of two models: "
                + n.model.name()
                + " and "
                + model.name());
      }
      n.gpus.add(g.index());
      switch (g.mode()) {
        case MIG -> {
          n.usable = false;
          n.incompatible = Optional.of(g.node() + " has MIG enabled");
        }
        case EXCLUSIVE -> {
          if (!g.clients().isEmpty()) {
            n.usable = false;
          }
          if (n.replicas > 0) {
            throw mixed(g);
          }
        }
        default -> {
          if (g.mode() != mode()) {
            n.usable = false;
            n.incompatible = Optional.of(g.node() + " is shared by " + g.mode().label());
          } else {
            if (n.replicas != 0 && n.replicas != g.replicas()) {
              throw mixed(g);
            }
            if (n.replicas == 0 && n.loads.size() < n.gpus.size() - 1) {
              throw mixed(g); // an idle exclusive GPU was listed before it
            }
            n.replicas = g.replicas();
            Load load = Load.IDLE;
            for (GpuClient c : g.clients()) {
              load = load.plus(c.memoryMiB(), c.computeMilli());
            }
            n.loads.put(g.index(), load);
          }
        }
      }
    }
    for (Node n : nodes.values()) {
      n.gpus.sort(Comparator.naturalOrder());
      if (n.replicas > 0 && n.loads.size() != n.gpus.size()) {
        throw new IllegalArgumentException(
            "node "
                + n.name
                + " has GPUs both shared by "
                + mode().label()
                + " and not; the device plugin applies one sharing config to all GPUs of a node");
      }
      if (unsupported(n.model).isPresent()) {
        n.usable = false;
        n.incompatible = unsupported(n.model);
      }
    }
    return nodes;
  }

  private IllegalArgumentException mixed(SharedGpu g) {
    return new IllegalArgumentException(
        "node "
            + g.node()
            + " has GPUs with different sharing (GPU "
            + g.index()
            + " is "
            + g.mode()
            + " x"
            + g.replicas()
            + "); the device plugin applies one sharing config to all GPUs of a node");
  }

  private boolean allows(SharingRequest r, GpuModel model) {
    if (r.allowedModels().isEmpty()) {
      return true;
    }
    for (String allowed : r.allowedModels()) {
      Optional<GpuModel> m = catalog.find(allowed);
      if (m.isPresent() && m.get().name().equals(model.name())) {
        return true;
      }
    }
    return false;
  }

  private Optional<Assignment> placeOnReplicated(Map<String, Node> nodes, SharingRequest r) {
    Node bestNode = null;
    int bestGpu = -1;
    int bestClients = -1;
    for (Node n : nodes.values()) {
      if (!n.usable || n.replicas == 0 || !allows(r, n.model)) {
        continue;
      }
      for (int gpu : n.gpus) {
        Load load = n.loads.get(gpu);
        if (load.clients() > bestClients && fits(n.model, n.replicas, load, r)) {
          bestNode = n;
          bestGpu = gpu;
          bestClients = load.clients();
        }
      }
    }
    if (bestNode == null) {
      return Optional.empty();
    }
    return Optional.of(assign(bestNode, bestGpu, r));
  }

  private Optional<Assignment> placeOnIdleNode(
      Map<String, Node> nodes, SharingRequest r, List<SharingRequest> all) {
    for (Node n : nodes.values()) {
      if (!n.usable || n.replicas != 0 || !allows(r, n.model)) {
        continue;
      }
      int replicas = freshReplicas(n.model, r, all);
      if (replicas >= 2 && fits(n.model, replicas, Load.IDLE, r)) {
        n.replicas = replicas;
        n.changed = true;
        for (int gpu : n.gpus) {
          n.loads.put(gpu, Load.IDLE);
        }
        return Optional.of(assign(n, n.gpus.get(0), r));
      }
    }
    return Optional.empty();
  }

  private Assignment assign(Node n, int gpu, SharingRequest r) {
    n.loads.put(gpu, n.loads.get(gpu).plus(r.memoryMiB(), r.computeMilli()));
    return new Assignment(
        r.id(), n.name, gpu, clientResource(), environment(n.model, n.replicas), Optional.empty());
  }

  private Unplaced whyNot(Map<String, Node> nodes, SharingRequest r, List<SharingRequest> all) {
    boolean compatible = false;
    boolean couldFitIdle = false;
    List<String> reasons = new ArrayList<>();
    for (Node n : nodes.values()) {
      if (!allows(r, n.model)) {
        continue;
      }
      if (n.incompatible.isPresent()) {
        reasons.add(n.incompatible.get());
        continue;
      }
      compatible = true;
      int replicas = n.replicas > 0 ? n.replicas : freshReplicas(n.model, r, all);
      int idleReplicas = freshReplicas(n.model, r, all);
      if ((idleReplicas >= 2 && fits(n.model, idleReplicas, Load.IDLE, r))
          || (replicas >= 2 && fits(n.model, replicas, Load.IDLE, r))) {
        couldFitIdle = true;
      }
    }
    if (!compatible) {
      return new Unplaced(
          r.id(),
          Unplaced.Reason.NO_COMPATIBLE_GPU,
          "no GPU of an allowed model "
              + (r.allowedModels().isEmpty() ? "" : r.allowedModels() + " ")
              + "can be shared by "
              + mode().label()
              + (reasons.isEmpty() ? "" : ": " + reasons.stream().distinct().toList()));
    }
    if (!couldFitIdle) {
      return new Unplaced(
          r.id(),
          Unplaced.Reason.TOO_LARGE,
          "request "
              + r.id()
              + " ("
              + r.computeMilli()
              + " milli, "
              + r.memoryMiB()
              + " MiB) is too large to share a GPU by "
              + mode().label()
              + " with at least 2 replicas");
    }
    return new Unplaced(
        r.id(),
        Unplaced.Reason.NO_CAPACITY,
        "request "
            + r.id()
            + " ("
            + r.computeMilli()
            + " milli, "
            + r.memoryMiB()
            + " MiB) fits no "
            + mode().label()
            + " GPU with room, and no idle node is left to switch");
  }
}
