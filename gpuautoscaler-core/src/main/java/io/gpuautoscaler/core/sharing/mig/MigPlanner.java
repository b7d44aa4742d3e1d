package io.gpuautoscaler.core.sharing.mig;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.sharing.Assignment;
import io.gpuautoscaler.api.sharing.ExtendedResource;
import io.gpuautoscaler.api.sharing.MigInstance;
import io.gpuautoscaler.api.sharing.NodeConfig;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingPlan;
import io.gpuautoscaler.api.sharing.SharingPlanner;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.api.sharing.Unplaced;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
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
import java.util.stream.Collectors;

/**
 * Plans MIG layouts: which GPU instances to create on which GPUs so that a batch of requests runs,
 * and the mig-parted config each node needs.
 *
 * <p>A request names a profile, or gives memory and compute and gets the smallest profile of the
 * GPU's model that holds both (never a {@code +me} profile unless named). Requests are taken
 * largest first; each goes to the cheapest option, in this order:
 *
 * <ol>
 *   <li>a free instance that already exists (the smallest that fits; nothing changes);
 *   <li>a new instance on a GPU that is already used (in-use instances, or given work by this
 *       plan), next to what is there, nodes already being reconfigured first; then the same after
 *       removing the GPU's free, unassigned instances;
 *   <li>a new instance on an idle GPU of a node already being reconfigured;
 *   <li>a new instance on an idle GPU of another node, MIG-enabled GPUs before ones that need MIG
 *       turned on.
 * </ol>
 *
 * Among equals it takes the GPU left fullest (best fit), then input order. An instance in use is
 * never moved or removed; GPUs in MPS or time-slicing mode, or running an exclusive workload, are
 * left alone. The planner also runs plain first-fit (input order, first GPU that takes the request
 * without removing anything) and returns that plan instead when it places more requests or uses
 * fewer GPUs, so it is never worse than first-fit.
 *
 * <p>With {@link MigStrategy#SINGLE} every GPU of a node gets the same single-profile layout
 * ({@code all-<profile>}: as many instances as fit), nodes are given to profiles whole, and
 * requests ask for {@code nvidia.com/gpu}.
 *
 * <p>Cost: O(r log r + r·g) layout checks for r requests on g GPUs, each a few bit operations
 * (backtracking over at most 8 slices when the quick placement fails). Deterministic; stateless and
 * thread-safe.
 */
@Beta
public final class MigPlanner implements SharingPlanner {
  /** The provider name. */
  public static final String NAME = "mig";

  /** Setting: {@code mixed} (default) or {@code single}. */
  public static final String STRATEGY = "strategy";

  /** The node label mig-manager reads to pick a config. */
  public static final String MIG_CONFIG_LABEL = "nvidia.com/mig.config";

  private final GpuCatalog catalog;
  private final MigStrategy strategy;

  /** A mixed-strategy planner over the built-in catalog. */
  public MigPlanner() {
    this(GpuCatalog.builtin(), MigStrategy.MIXED);
  }

  /**
   * @param catalog where GPU models and profiles are looked up
   * @param strategy the MIG strategy the cluster's device plugin uses
   */
  public MigPlanner(GpuCatalog catalog, MigStrategy strategy) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.strategy = requireNonNull(strategy, "strategy");
  }

  @Override
  public SharingMode mode() {
    return SharingMode.MIG;
  }

  /** The strategy it plans for. */
  public MigStrategy strategy() {
    return strategy;
  }

  @Override
  public SharingPlan plan(List<SharedGpu> gpus, List<SharingRequest> requests) {
    return planMig(gpus, requests).plan();
  }

  /**
   * Plans like {@link #plan} and also returns the layouts and the combined config.
   *
   * @throws IllegalArgumentException when a GPU is listed twice, request ids repeat, or a GPU's
   *     existing instances are impossible (unknown profile, bad placement, overlap, over a limit)
   * @throws io.gpuautoscaler.core.catalog.UnknownGpuException when a GPU's model is unknown
   */
  public MigPlan planMig(List<SharedGpu> gpus, List<SharingRequest> requests) {
    requireNonNull(gpus, "gpus");
    requireNonNull(requests, "requests");
    Problem problem = new Problem(catalog, gpus, requests);
    Run chosen;
    if (strategy == MigStrategy.SINGLE) {
      chosen = new Run(problem);
      chosen.planSingle();
    } else {
      Run tiered = new Run(problem);
      tiered.planTiered();
      Run firstFit = new Run(problem);
      firstFit.planFirstFit();
      chosen = firstFit.betterThan(tiered) ? firstFit : tiered;
    }
    return chosen.result(strategy);
  }

  /** Found by the ServiceLoader; reads the {@value #STRATEGY} setting. */
  public static final class Provider implements SharingPlanner.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "MIG layouts per GPU and mig-parted configs per node";
    }

    @Override
    public SharingPlanner create(Settings settings) {
      settings.requireOnly("sharing planner " + NAME, STRATEGY);
      MigStrategy strategy =
          MigStrategy.fromLabel(settings.get(STRATEGY).orElse(MigStrategy.MIXED.label()));
      return new MigPlanner(GpuCatalog.builtin(), strategy);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The validated, resolved input: shared by every run. */
  private static final class Problem {
    final List<SharedGpu> gpus;
    final List<GpuModel> gpuModels = new ArrayList<>();
    final List<SharingRequest> requests;
    final List<GpuModel> migModels;

    /** requests x MIG models: the profile the request gets on that model, or null. */
    final MigProfile[][] profiles;

    /** requests x MIG models: whether the request may use that model. */
    final boolean[][] allowed;

    /**
     * Per request: its resolved profile and allowed flag on every model, and whether it names a
     * profile. Requests with one signature differ at most in memory and compute.
     */
    final long[] signature;

    /** Existing instances with their placements, per GPU (empty for non-MIG GPUs). */
    final List<List<PlacedInstance>> existing = new ArrayList<>();

    final List<List<Boolean>> existingInUse = new ArrayList<>();
    final Map<GpuModel, Integer> modelIndex = new HashMap<>();

    /** Per GPU: a dense id of its node, for array-indexed node state. */
    final int[] nodeOf;

    final int nodeCount;

    Problem(GpuCatalog catalog, List<SharedGpu> gpus, List<SharingRequest> requests) {
      this.gpus = List.copyOf(gpus);
      this.requests = List.copyOf(requests);
      this.migModels = catalog.migModels();
      for (int m = 0; m < migModels.size(); m++) {
        modelIndex.put(migModels.get(m), m);
      }
      Set<String> seen = new HashSet<>();
      nodeOf = new int[this.gpus.size()];
      Map<String, Integer> nodeIds = new HashMap<>();
      for (int g = 0; g < this.gpus.size(); g++) {
        nodeOf[g] = nodeIds.computeIfAbsent(this.gpus.get(g).node(), n -> nodeIds.size());
      }
      nodeCount = nodeIds.size();
      for (SharedGpu gpu : this.gpus) {
        if (!seen.add(gpu.node() + "\u0000" + gpu.index())) {
          throw new IllegalArgumentException(
              "GPU " + gpu.index() + " of node " + gpu.node() + " is listed twice");
        }
        GpuModel model = catalog.require(gpu.model());
        gpuModels.add(model);
        readExisting(gpu, model);
      }
      Set<String> ids = new HashSet<>();
      for (SharingRequest r : this.requests) {
        if (!ids.add(r.id())) {
          throw new IllegalArgumentException("request id " + r.id() + " is used twice");
        }
      }
      profiles = new MigProfile[this.requests.size()][migModels.size()];
      List<List<MigProfile>> smallest = new ArrayList<>();
      migModels.forEach(model -> smallest.add(smallestFirst(model.mig().orElseThrow())));
      allowed = new boolean[this.requests.size()][migModels.size()];
      for (int r = 0; r < this.requests.size(); r++) {
        SharingRequest request = this.requests.get(r);
        Set<String> allowedNames = new HashSet<>();
        for (String name : request.allowedModels()) {
          allowedNames.add(catalog.find(name).map(GpuModel::name).orElse(name));
        }
        for (int m = 0; m < migModels.size(); m++) {
          GpuModel model = migModels.get(m);
          allowed[r][m] = allowedNames.isEmpty() || allowedNames.contains(model.name());
          profiles[r][m] = resolve(request, model.mig().orElseThrow(), smallest.get(m));
        }
      }
      signature = new long[this.requests.size()];
      for (int r = 0; r < signature.length; r++) {
        long sig = this.requests.get(r).profile().isPresent() ? 1 : 0;
        for (int m = 0; m < migModels.size(); m++) {
          MigProfile p = profiles[r][m];
          // A model's profiles are told apart by their index in its catalog list.
          int index = 0;
          if (p != null) {
            List<MigProfile> all = migModels.get(m).mig().orElseThrow().profiles();
            while (all.get(index) != p) {
              index++;
            }
            index++;
          }
          sig = sig * 64 + index * 2 + (allowed[r][m] ? 1 : 0);
        }
        signature[r] = sig;
      }
    }

    private void readExisting(SharedGpu gpu, GpuModel model) {
      List<PlacedInstance> placed = new ArrayList<>();
      List<Boolean> inUse = new ArrayList<>();
      if (gpu.mode() == SharingMode.MIG) {
        String where = "node " + gpu.node() + " GPU " + gpu.index();
        MigGeometry geometry =
            model
                .mig()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            where
                                + " is in mig mode but its model "
                                + model.name()
                                + " has no MIG"));
        List<PlacedInstance> known = new ArrayList<>();
        List<MigProfile> unknownStart = new ArrayList<>();
        List<Boolean> knownUse = new ArrayList<>();
        List<Boolean> unknownUse = new ArrayList<>();
        for (MigInstance instance : gpu.migInstances()) {
          MigProfile profile =
              geometry
                  .profile(instance.profile())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              where
                                  + " has instance "
                                  + instance.profile()
                                  + ", not a profile of "
                                  + model.name()
                                  + "; its profiles: "
                                  + String.join(", ", geometry.profileNames())));
          if (instance.start().isPresent()) {
            try {
              known.add(new PlacedInstance(profile, instance.start().getAsInt()));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            knownUse.add(instance.inUse());
          } else {
            unknownStart.add(profile);
            unknownUse.add(instance.inUse());
          }
        }
        MigLayoutCheck check = MigLayouts.check(geometry, known, unknownStart);
        if (!(check instanceof MigLayoutCheck.Placeable ok)) {
          throw new IllegalArgumentException(
              where
                  + " has an impossible MIG layout: "
                  + ((MigLayoutCheck.NotPlaceable) check).reason());
        }
        placed.addAll(known);
        inUse.addAll(knownUse);
        // The check placed the instances without a start largest first; match them back in order.
        List<PlacedInstance> chosen = new ArrayList<>(ok.creationOrder());
        known.forEach(chosen::remove);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < unknownStart.size(); i++) {
          order.add(i);
        }
        order.sort(Comparator.comparing(unknownStart::get, MigLayouts.LARGEST_FIRST));
        List<PlacedInstance> sortedChosen = new ArrayList<>(chosen);
        sortedChosen.sort(
            Comparator.comparing(PlacedInstance::profile, MigLayouts.LARGEST_FIRST)
                .thenComparing(Comparator.comparingInt(PlacedInstance::start).reversed()));
        for (int k = 0; k < order.size(); k++) {
          placed.add(sortedChosen.get(k));
          inUse.add(unknownUse.get(order.get(k)));
        }
      }
      existing.add(placed);
      existingInUse.add(inUse);
    }

    /** The explicit profile, or the smallest profile (never +me) that holds memory and compute. */
    private static MigProfile resolve(
        SharingRequest request, MigGeometry geometry, List<MigProfile> smallestFirst) {
      if (request.profile().isPresent()) {
        return geometry.profile(request.profile().get()).orElse(null);
      }
      for (MigProfile p : smallestFirst) {
        if (fits(request, p, geometry)) {
          return p;
        }
      }
      return null;
    }

    static boolean fits(SharingRequest request, MigProfile p, MigGeometry geometry) {
      return request.memoryMiB() <= p.memoryMiB()
          && (long) request.computeMilli() * geometry.computeSlices()
              <= (long) p.computeSlices() * 1000;
    }
  }

  /** The geometry's profiles without media extensions, smallest first. */
  private static List<MigProfile> smallestFirst(MigGeometry geometry) {
    return geometry.profiles().stream()
        .filter(p -> !p.mediaExtensions())
        .sorted(SMALLEST_FIRST)
        .toList();
  }

  private static final Comparator<MigProfile> SMALLEST_FIRST =
      Comparator.comparingInt(MigProfile::memorySlices)
          .thenComparingInt(MigProfile::computeSlices)
          .thenComparingLong(MigProfile::memoryMiB)
          .thenComparingInt(MigProfile::id);

  /** An instance on a GPU during planning. */
  private static final class Slot {
    final MigProfile profile;
    int start;
    final GpuLayout.Origin origin;
    int request = -1;

    Slot(MigProfile profile, int start, GpuLayout.Origin origin) {
      this.profile = profile;
      this.start = start;
      this.origin = origin;
    }

    int mask() {
      return ((1 << profile.memorySlices()) - 1) << start;
    }

    boolean movable() {
      return origin == GpuLayout.Origin.NEW;
    }

    /** Whether removing it is allowed: it exists, is free and nothing was assigned to it. */
    boolean droppable() {
      return origin == GpuLayout.Origin.KEPT && request < 0;
    }
  }

  /** One GPU's planning state. */
  private static final class Gpu {
    final int order;
    final SharedGpu source;
    final GpuModel model;
    final int modelIndex; // into Problem.migModels, or -1
    final MigGeometry geometry;
    final boolean usable;
    final List<Slot> slots = new ArrayList<>();
    boolean dropped;
    // Derived from slots by refresh(): the planner reads them for every request and GPU.
    private boolean active;
    private boolean changed;
    private int freeKept;
    private int usedMemory;
    private int usedCompute;
    private int droppableMemory;
    private int droppableCompute;

    Gpu(Problem problem, int order) {
      this.order = order;
      this.source = problem.gpus.get(order);
      this.model = problem.gpuModels.get(order);
      this.geometry = model.mig().orElse(null);
      this.modelIndex = geometry == null ? -1 : problem.modelIndex.get(model);
      this.usable =
          geometry != null
              && (source.mode() == SharingMode.MIG
                  || (source.mode() == SharingMode.EXCLUSIVE && source.clients().isEmpty()));
      List<PlacedInstance> existing = problem.existing.get(order);
      for (int i = 0; i < existing.size(); i++) {
        boolean inUse = problem.existingInUse.get(order).get(i);
        slots.add(
            new Slot(
                existing.get(i).profile(),
                existing.get(i).start(),
                inUse ? GpuLayout.Origin.IN_USE : GpuLayout.Origin.KEPT));
      }
      refresh();
    }

    /** Recomputes the derived state; call after every change to the slots or a claim. */
    void refresh() {
      active = false;
      changed = dropped;
      freeKept = 0;
      usedMemory = 0;
      usedCompute = 0;
      droppableMemory = 0;
      droppableCompute = 0;
      for (Slot s : slots) {
        active |= s.origin == GpuLayout.Origin.IN_USE || s.request >= 0;
        changed |= s.origin == GpuLayout.Origin.NEW;
        usedMemory += s.profile.memorySlices();
        usedCompute += s.profile.computeSlices();
        if (s.droppable()) {
          freeKept++;
          droppableMemory += s.profile.memorySlices();
          droppableCompute += s.profile.computeSlices();
        }
      }
    }

    /** Whether {@code p} could fit by the slice totals alone: a cheap necessary condition. */
    boolean mayFit(MigProfile p, boolean drop) {
      int memory = usedMemory - (drop ? droppableMemory : 0) + p.memorySlices();
      int compute = usedCompute - (drop ? droppableCompute : 0) + p.computeSlices();
      return memory <= geometry.memorySlices() && compute <= geometry.computeSlices();
    }

    boolean migEnabledBefore() {
      return source.mode() == SharingMode.MIG;
    }

    /** In use now or given work by the plan: adding to it uses no extra GPU. */
    boolean active() {
      return active;
    }

    boolean changed() {
      return changed;
    }

    boolean hasDroppable() {
      return freeKept > 0;
    }

    /** The smallest free existing instance the request fits in, or null. */
    Slot freeSlotFor(SharingRequest request, MigProfile wanted) {
      if (freeKept == 0) {
        return null;
      }
      Slot best = null;
      for (Slot s : slots) {
        if (s.origin != GpuLayout.Origin.KEPT || s.request >= 0) {
          continue;
        }
        boolean ok =
            request.profile().isPresent()
                ? s.profile == wanted
                : Problem.fits(request, s.profile, geometry);
        if (ok && (best == null || SMALLEST_FIRST.compare(s.profile, best.profile) < 0)) {
          best = s;
        }
      }
      return best;
    }

    /**
     * Where {@code p} can go: the new starts of the movable instances plus {@code p} (last), or
     * null when it does not fit. With {@code drop}, droppable instances are left out.
     */
    int[] tryAdd(MigProfile p, boolean drop) {
      int compute = p.computeSlices();
      int memory = p.memorySlices();
      int me = p.mediaExtensions() ? 1 : 0;
      int same = 1;
      int fixedMask = 0;
      int movableMask = 0;
      int movable = 0;
      for (Slot s : slots) {
        if (drop && s.droppable()) {
          continue;
        }
        compute += s.profile.computeSlices();
        memory += s.profile.memorySlices();
        me += s.profile.mediaExtensions() ? 1 : 0;
        same += s.profile == p ? 1 : 0;
        if (s.movable()) {
          movableMask |= s.mask();
          movable++;
        } else {
          fixedMask |= s.mask();
        }
      }
      if (compute > geometry.computeSlices()
          || memory > geometry.memorySlices()
          || me > 1
          || same > p.maxCount()) {
        return null;
      }
      int occupied = fixedMask | movableMask;
      int range = (1 << p.memorySlices()) - 1;
      int startMask = p.startMask();
      for (int s = geometry.memorySlices() - p.memorySlices(); s >= 0; s--) {
        if ((startMask & (1 << s)) != 0 && (occupied & (range << s)) == 0) {
          int[] starts = new int[movable + 1];
          int k = 0;
          for (Slot slot : slots) {
            if (slot.movable()) {
              starts[k++] = slot.start;
            }
          }
          starts[k] = s;
          return starts;
        }
      }
      // Quick placement failed: move the not-yet-created instances around the fixed ones.
      List<Slot> toPlace = new ArrayList<>();
      for (Slot slot : slots) {
        if (slot.movable()) {
          toPlace.add(slot);
        }
      }
      Slot candidate = new Slot(p, 0, GpuLayout.Origin.NEW);
      toPlace.add(candidate);
      List<Slot> sorted = new ArrayList<>(toPlace);
      sorted.sort(Comparator.comparing(sl -> sl.profile, MigLayouts.LARGEST_FIRST));
      int[] sizes = new int[sorted.size()];
      int[] masks = new int[sorted.size()];
      for (int i = 0; i < sorted.size(); i++) {
        sizes[i] = sorted.get(i).profile.memorySlices();
        masks[i] = sorted.get(i).profile.startMask();
      }
      int[] solved = new int[sorted.size()];
      if (!MigLayouts.solve(fixedMask, sizes, masks, solved, geometry.memorySlices())) {
        return null;
      }
      int[] starts = new int[toPlace.size()];
      for (int i = 0; i < toPlace.size(); i++) {
        starts[i] = solved[sorted.indexOf(toPlace.get(i))];
      }
      return starts;
    }

    /** Applies a {@link #tryAdd} result and returns the new slot. */
    Slot add(MigProfile p, boolean drop, int[] starts) {
      if (drop) {
        dropped |= slots.removeIf(Slot::droppable);
      }
      int k = 0;
      for (Slot slot : slots) {
        if (slot.movable()) {
          slot.start = starts[k++];
        }
      }
      Slot slot = new Slot(p, starts[k], GpuLayout.Origin.NEW);
      slots.add(slot);
      return slot;
    }

    int freeMemoryAfter(MigProfile p, boolean drop) {
      return geometry.memorySlices() - usedMemory + (drop ? droppableMemory : 0) - p.memorySlices();
    }

    String where() {
      return "node " + source.node() + " GPU " + source.index();
    }
  }

  /** One planning pass over fresh GPU states. */
  private static final class Run {
    final Problem problem;
    final List<Gpu> gpus = new ArrayList<>();
    final Slot[] assigned;
    final Gpu[] assignedGpu;
    final Set<String> changingNodes = new HashSet<>();
    final boolean[] nodeChanging;
    final List<String> warnings = new ArrayList<>();

    /** Per MIG model: its usable GPUs in input order, so a request scans only its models. */
    final List<List<Gpu>> byModel = new ArrayList<>();

    Run(Problem problem) {
      this.problem = problem;
      for (int m = 0; m < problem.migModels.size(); m++) {
        byModel.add(new ArrayList<>());
      }
      for (int i = 0; i < problem.gpus.size(); i++) {
        Gpu gpu = new Gpu(problem, i);
        gpus.add(gpu);
        if (gpu.usable) {
          byModel.get(gpu.modelIndex).add(gpu);
        }
      }
      assigned = new Slot[problem.requests.size()];
      assignedGpu = new Gpu[problem.requests.size()];
      nodeChanging = new boolean[problem.nodeCount];
    }

    void markChanging(Gpu gpu) {
      changingNodes.add(gpu.source.node());
      nodeChanging[problem.nodeOf[gpu.order]] = true;
    }

    MigProfile profileOn(int request, Gpu gpu) {
      if (!gpu.usable || !problem.allowed[request][gpu.modelIndex]) {
        return null;
      }
      return problem.profiles[request][gpu.modelIndex];
    }

    void planTiered() {
      List<Integer> order = new ArrayList<>();
      for (int r = 0; r < problem.requests.size(); r++) {
        order.add(r);
      }
      double[] size = new double[order.size()];
      double[] compute = new double[order.size()];
      for (int r = 0; r < size.length; r++) {
        for (int m = 0; m < problem.migModels.size(); m++) {
          MigProfile p = problem.profiles[r][m];
          if (p != null && problem.allowed[r][m]) {
            MigGeometry g = problem.migModels.get(m).mig().orElseThrow();
            size[r] = Math.max(size[r], (double) p.memorySlices() / g.memorySlices());
            compute[r] = Math.max(compute[r], (double) p.computeSlices() / g.computeSlices());
          }
        }
      }
      order.sort(
          Comparator.<Integer>comparingDouble(r -> -size[r])
              .thenComparingDouble(r -> -compute[r])
              .thenComparingInt(r -> r));
      // Stage by stage over the whole batch, so that a request placed early cannot open a new
      // GPU or node that a later request's cheaper option would have made unnecessary.
      for (int maxTier : new int[] {0, 2, 4}) {
        Failures failures = new Failures();
        for (int r : order) {
          if (assigned[r] == null && !failures.dominated(r)) {
            placeTiered(r, maxTier);
            if (assigned[r] == null) {
              failures.add(r);
            }
          }
        }
      }
    }

    /**
     * Requests that found no option in the current pass. Within a pass room only shrinks (claims,
     * new instances; a removed free instance makes way for a new one), so a request that needs at
     * least as much as a failed one with the same signature fails too and is not searched again.
     */
    private final class Failures {
      private final Map<Long, List<long[]>> bySignature = new HashMap<>();

      boolean dominated(int r) {
        List<long[]> failed = bySignature.get(problem.signature[r]);
        if (failed == null) {
          return false;
        }
        SharingRequest request = problem.requests.get(r);
        for (long[] f : failed) {
          if (f[0] <= request.memoryMiB() && f[1] <= request.computeMilli()) {
            return true;
          }
        }
        return false;
      }

      void add(int r) {
        SharingRequest request = problem.requests.get(r);
        bySignature
            .computeIfAbsent(problem.signature[r], k -> new ArrayList<>())
            .add(new long[] {request.memoryMiB(), request.computeMilli()});
      }
    }

    /** Keys order options: tier, then node state, then fit, then GPU order. Lower wins. */
    private void placeTiered(int r, int maxTier) {
      SharingRequest request = problem.requests.get(r);
      long bestKey = Long.MAX_VALUE;
      Gpu bestGpu = null;
      Slot bestSlot = null;
      boolean bestDrop = false;
      int[] bestStarts = null;
      // Idle GPUs without instances of one model and node state all score alike: the first wins.
      int emptyIdleSeen = 0;
      for (int m = 0; m < byModel.size(); m++) {
        MigProfile p = problem.allowed[r][m] ? problem.profiles[r][m] : null;
        if (p == null) {
          continue;
        }
        scan:
        for (Gpu gpu : byModel.get(m)) {
          boolean active = gpu.active();
          if (maxTier == 0 ? !gpu.hasDroppable() : maxTier < 3 && !active) {
            continue; // no option of this pass on this GPU
          }
          boolean changing = gpu.changed() || nodeChanging[problem.nodeOf[gpu.order]];
          int emptyIdleClass = 0;
          if (!active && gpu.slots.isEmpty()) {
            emptyIdleClass =
                1 << (gpu.modelIndex * 4 + (changing ? 0 : 2) + (gpu.migEnabledBefore() ? 0 : 1));
            if ((emptyIdleSeen & emptyIdleClass) != 0) {
              continue;
            }
            emptyIdleSeen |= emptyIdleClass;
          }
          // Only the first pass looks for existing instances: free ones never appear later, so a
          // request the first pass left unplaced will find none.
          Slot free = maxTier == 0 ? gpu.freeSlotFor(request, p) : null;
          if (free != null) {
            long key =
                key(
                    0,
                    active ? 0 : 1,
                    free.profile.memorySlices() * 1000 / gpu.geometry.memorySlices(),
                    gpu.order);
            if (key < bestKey) {
              bestKey = key;
              bestGpu = gpu;
              bestSlot = free;
              bestStarts = null;
            }
            continue;
          }
          if (bestKey < key(1, 0, 0, 0) || maxTier == 0) {
            continue; // an existing instance always beats creating one
          }
          for (boolean drop : FALSE_TRUE) {
            if (drop && !gpu.hasDroppable()) {
              break;
            }
            int tier;
            int sub;
            if (active) {
              tier = drop ? 2 : 1;
              sub = changing ? 0 : 1;
            } else {
              tier = changing ? 3 : 4;
              sub = (gpu.migEnabledBefore() ? 0 : 2) + (drop ? 1 : 0);
            }
            if (tier > maxTier) {
              break;
            }
            int fit = gpu.freeMemoryAfter(p, drop) * 1000 / gpu.geometry.memorySlices();
            long key = key(tier, sub, fit, gpu.order);
            if (key >= bestKey || !gpu.mayFit(p, drop)) {
              continue;
            }
            int[] starts = gpu.tryAdd(p, drop);
            if (starts != null) {
              bestKey = key;
              bestGpu = gpu;
              bestSlot = null;
              bestDrop = drop;
              bestStarts = starts;
              if (key < key(1, 0, 1, 0)) {
                break scan; // fills a used GPU on a changing node exactly: only order could differ
              }
              break;
            }
          }
        }
      }
      if (bestGpu != null) {
        apply(r, bestGpu, bestSlot, bestDrop, bestStarts);
      }
    }

    private static final boolean[] FALSE_TRUE = {false, true};

    private static long key(int tier, int sub, int fit, int order) {
      return ((long) tier << 56) | ((long) sub << 48) | ((long) fit << 32) | order;
    }

    void planFirstFit() {
      Failures failures = new Failures();
      for (int r = 0; r < problem.requests.size(); r++) {
        SharingRequest request = problem.requests.get(r);
        if (failures.dominated(r)) {
          continue;
        }
        // The first GPU in input order that takes it: the first per model, then the lowest.
        Gpu first = null;
        Slot firstSlot = null;
        int[] firstStarts = null;
        for (int m = 0; m < byModel.size(); m++) {
          MigProfile p = problem.allowed[r][m] ? problem.profiles[r][m] : null;
          if (p == null) {
            continue;
          }
          for (Gpu gpu : byModel.get(m)) {
            if (first != null && gpu.order > first.order) {
              break;
            }
            Slot free = gpu.freeSlotFor(request, p);
            int[] starts = free == null && gpu.mayFit(p, false) ? gpu.tryAdd(p, false) : null;
            if (free != null || starts != null) {
              first = gpu;
              firstSlot = free;
              firstStarts = starts;
              break;
            }
          }
        }
        if (first != null) {
          apply(r, first, firstSlot, false, firstStarts);
        } else {
          failures.add(r);
        }
      }
    }

    private void apply(int r, Gpu gpu, Slot existing, boolean drop, int[] starts) {
      Slot slot = existing;
      if (slot == null) {
        slot = gpu.add(problem.profiles[r][gpu.modelIndex], drop, starts);
        markChanging(gpu);
      }
      slot.request = r;
      assigned[r] = slot;
      assignedGpu[r] = gpu;
      gpu.refresh();
    }

    // --- single strategy ---------------------------------------------------------------------

    /**
     * Single strategy: a node serves one profile on all its MIG GPUs. Existing single-profile nodes
     * keep theirs; idle nodes are opened as {@code all-<profile>}, the node whose capacity best
     * matches the remaining demand first.
     */
    void planSingle() {
      Map<String, List<Gpu>> byNode = new TreeMap<>();
      for (Gpu gpu : gpus) {
        if (gpu.geometry != null) {
          byNode.computeIfAbsent(gpu.source.node(), n -> new ArrayList<>()).add(gpu);
        }
      }
      Map<String, MigProfile> nodeProfile = new HashMap<>();
      Set<String> closed = new HashSet<>();
      for (Map.Entry<String, List<Gpu>> e : byNode.entrySet()) {
        Set<MigProfile> profiles = new HashSet<>();
        boolean busy = false;
        for (Gpu gpu : e.getValue()) {
          gpu.slots.forEach(s -> profiles.add(s.profile));
          busy |= !gpu.usable || gpu.active();
        }
        Set<String> models = new HashSet<>();
        e.getValue().forEach(g -> models.add(g.model.name()));
        if (profiles.size() > 1 || models.size() > 1) {
          closed.add(e.getKey());
          warnings.add(
              "node "
                  + e.getKey()
                  + " mixes "
                  + (models.size() > 1
                      ? "GPU models " + new java.util.TreeSet<>(models)
                      : "MIG profiles")
                  + ", which the single strategy cannot serve; left as it is");
        } else if (profiles.size() == 1) {
          nodeProfile.put(e.getKey(), profiles.iterator().next());
        } else if (busy) {
          closed.add(e.getKey());
        }
      }
      List<Integer> order = new ArrayList<>();
      for (int r = 0; r < problem.requests.size(); r++) {
        order.add(r);
      }
      order.sort(
          Comparator.<Integer>comparingInt(
                  r -> {
                    int most = 0;
                    for (int m = 0; m < problem.migModels.size(); m++) {
                      MigProfile p = problem.profiles[r][m];
                      if (p != null && problem.allowed[r][m]) {
                        most = Math.max(most, p.memorySlices());
                      }
                    }
                    return -most;
                  })
              .thenComparingInt(r -> r));
      for (int r : order) {
        SharingRequest request = problem.requests.get(r);
        if (claimOnSingleNodes(r, request, byNode, nodeProfile)) {
          continue;
        }
        // Open the idle node whose capacity for this request's profile best fits what is left.
        String bestNode = null;
        int bestScore = Integer.MAX_VALUE;
        MigProfile bestProfile = null;
        for (Map.Entry<String, List<Gpu>> e : byNode.entrySet()) {
          if (closed.contains(e.getKey()) || nodeProfile.containsKey(e.getKey())) {
            continue;
          }
          Gpu first = e.getValue().get(0);
          MigProfile p = profileOn(r, first);
          if (p == null) {
            continue;
          }
          int perGpu = maxFitting(first.geometry, p);
          int capacity = perGpu * e.getValue().size();
          int demand = remainingDemand(order, r, first.modelIndex, p);
          // Smallest node that covers the demand, else the largest one.
          int score = capacity >= demand ? capacity - demand : 1_000_000 - capacity;
          if (score < bestScore) {
            bestScore = score;
            bestNode = e.getKey();
            bestProfile = p;
          }
        }
        if (bestNode == null) {
          continue;
        }
        nodeProfile.put(bestNode, bestProfile);
        for (Gpu gpu : byNode.get(bestNode)) {
          markChanging(gpu);
          gpu.dropped |= gpu.slots.removeIf(Slot::droppable);
          int n = maxFitting(gpu.geometry, bestProfile);
          MigLayoutCheck check =
              MigLayouts.check(gpu.geometry, java.util.Collections.nCopies(n, bestProfile));
          for (PlacedInstance placed : ((MigLayoutCheck.Placeable) check).creationOrder()) {
            gpu.slots.add(new Slot(placed.profile(), placed.start(), GpuLayout.Origin.NEW));
          }
          gpu.refresh();
        }
        claimOnSingleNodes(r, request, byNode, nodeProfile);
      }
    }

    private boolean claimOnSingleNodes(
        int r,
        SharingRequest request,
        Map<String, List<Gpu>> byNode,
        Map<String, MigProfile> nodeProfile) {
      for (Map.Entry<String, List<Gpu>> e : byNode.entrySet()) {
        MigProfile nodeP = nodeProfile.get(e.getKey());
        if (nodeP == null) {
          continue;
        }
        for (Gpu gpu : e.getValue()) {
          MigProfile p = profileOn(r, gpu);
          if (p == null || p != nodeP) {
            continue;
          }
          for (Slot s : gpu.slots) {
            if (s.profile == p && s.origin != GpuLayout.Origin.IN_USE && s.request < 0) {
              s.request = r;
              assigned[r] = s;
              assignedGpu[r] = gpu;
              gpu.refresh();
              return true;
            }
          }
        }
      }
      return false;
    }

    private int remainingDemand(List<Integer> order, int from, int model, MigProfile p) {
      int count = 0;
      boolean started = false;
      for (int r : order) {
        started |= r == from;
        if (started
            && assigned[r] == null
            && problem.profiles[r][model] == p
            && problem.allowed[r][model]) {
          count++;
        }
      }
      return count;
    }

    static int maxFitting(MigGeometry geometry, MigProfile p) {
      int n = p.maxCount();
      while (n > 0
          && !MigLayouts.check(geometry, java.util.Collections.nCopies(n, p)).placeable()) {
        n--;
      }
      return n;
    }

    // --- comparing and reporting ---------------------------------------------------------------

    int placedCount() {
      int n = 0;
      for (Slot s : assigned) {
        n += s == null ? 0 : 1;
      }
      return n;
    }

    int gpusUsed() {
      int n = 0;
      for (Gpu gpu : gpus) {
        n += gpu.active() ? 1 : 0;
      }
      return n;
    }

    /** More placed, then fewer GPUs used, then fewer nodes reconfigured. */
    boolean betterThan(Run other) {
      if (placedCount() != other.placedCount()) {
        return placedCount() > other.placedCount();
      }
      if (gpusUsed() != other.gpusUsed()) {
        return gpusUsed() < other.gpusUsed();
      }
      return changingNodes.size() < other.changingNodes.size();
    }

    MigPlan result(MigStrategy strategy) {
      List<Assignment> assignments = new ArrayList<>();
      List<Unplaced> unplaced = new ArrayList<>();
      for (int r = 0; r < problem.requests.size(); r++) {
        SharingRequest request = problem.requests.get(r);
        Slot slot = assigned[r];
        if (slot == null) {
          unplaced.add(whyUnplaced(r));
          continue;
        }
        Gpu gpu = assignedGpu[r];
        String resource =
            strategy == MigStrategy.SINGLE ? "nvidia.com/gpu" : slot.profile.mixedResourceName();
        assignments.add(
            new Assignment(
                request.id(),
                gpu.source.node(),
                gpu.source.index(),
                new ExtendedResource(resource, 1),
                Map.of(),
                Optional.of(MigInstance.at(slot.profile.name(), slot.start, true))));
      }
      Map<String, List<Gpu>> byNode = new TreeMap<>();
      for (Gpu gpu : gpus) {
        if (gpu.usable) {
          byNode.computeIfAbsent(gpu.source.node(), n -> new ArrayList<>()).add(gpu);
        }
      }
      List<NodeConfig> configs = new ArrayList<>();
      Map<String, String> allConfigs = new TreeMap<>();
      List<GpuLayout> layouts = new ArrayList<>();
      List<String> violations = new ArrayList<>();
      for (Map.Entry<String, List<Gpu>> e : byNode.entrySet()) {
        List<Gpu> nodeGpus = new ArrayList<>(e.getValue());
        nodeGpus.sort(Comparator.comparingInt(g -> g.source.index()));
        for (Gpu gpu : nodeGpus) {
          if (!gpu.slots.isEmpty() || gpu.migEnabledBefore() || gpu.changed()) {
            layouts.add(layout(gpu));
          }
        }
        if (strategy == MigStrategy.MIXED) {
          singleViolation(e.getKey(), nodeGpus).ifPresent(violations::add);
        }
        List<Integer> changed = new ArrayList<>();
        for (Gpu gpu : nodeGpus) {
          if (gpu.changed()) {
            changed.add(gpu.source.index());
          }
        }
        if (changed.isEmpty()) {
          continue;
        }
        for (Gpu gpu : nodeGpus) {
          if (gpu.changed()
              && gpu.slots.stream().anyMatch(s -> s.origin == GpuLayout.Origin.IN_USE)) {
            warnings.add(
                gpu.where()
                    + " gets new instances next to instances in use: create them one by one"
                    + " (nvidia-smi mig -cgi with the planned placements) or drain the GPU, since"
                    + " mig-manager re-creates every instance of a GPU whose layout changes");
          }
        }
        MigPartedConfig config = MigPartedConfig.of(nodeGpus);
        allConfigs.put(config.name(), config.document().substring(MigPartedConfig.HEADER.length()));
        configs.add(
            new NodeConfig(
                e.getKey(),
                config.name(),
                Map.of(MIG_CONFIG_LABEL, config.name()),
                config.document(),
                true,
                changed));
      }
      Map<String, String> products = new TreeMap<>();
      if (strategy == MigStrategy.SINGLE) {
        for (Map.Entry<String, List<Gpu>> e : byNode.entrySet()) {
          Gpu first = e.getValue().get(0);
          Set<String> names = new java.util.TreeSet<>();
          e.getValue().forEach(g -> g.slots.forEach(s -> names.add(s.profile.name())));
          if (names.size() == 1) {
            products.put(e.getKey(), productLabel(first) + "-MIG-" + names.iterator().next());
          }
        }
      }
      SharingPlan plan = new SharingPlan(SharingMode.MIG, assignments, configs, unplaced, warnings);
      return new MigPlan(
          plan, strategy, layouts, violations, products, MigPartedConfig.document(allConfigs));
    }

    /** The GPU's {@code nvidia.com/gpu.product} value: as given when it is one, else the first. */
    private static String productLabel(Gpu gpu) {
      for (String product : gpu.model.products()) {
        if (product.equalsIgnoreCase(gpu.source.model())) {
          return product;
        }
      }
      return gpu.model.products().isEmpty() ? gpu.model.name() : gpu.model.products().get(0);
    }

    private GpuLayout layout(Gpu gpu) {
      List<PlacedInstance> placed = new ArrayList<>();
      Map<PlacedInstance, Slot> bySlot = new LinkedHashMap<>();
      for (Slot s : gpu.slots) {
        PlacedInstance p = new PlacedInstance(s.profile, s.start);
        placed.add(p);
        bySlot.put(p, s);
      }
      List<GpuLayout.Instance> instances = new ArrayList<>();
      for (PlacedInstance p : MigLayouts.creationOrder(placed)) {
        Slot s = bySlot.get(p);
        instances.add(
            new GpuLayout.Instance(
                p,
                s.origin,
                s.request < 0
                    ? Optional.empty()
                    : Optional.of(problem.requests.get(s.request).id())));
      }
      boolean enabled = gpu.migEnabledBefore() || !gpu.slots.isEmpty();
      return new GpuLayout(
          gpu.source.node(),
          gpu.source.index(),
          gpu.model.name(),
          enabled,
          instances,
          gpu.changed());
    }

    /** Why a mixed plan's node could not run under the single strategy, if it could not. */
    private Optional<String> singleViolation(String node, List<Gpu> nodeGpus) {
      Set<String> layoutsSeen = new HashSet<>();
      Set<String> profiles = new java.util.TreeSet<>();
      boolean anyMig = false;
      boolean anyNonMig = false;
      for (Gpu gpu : nodeGpus) {
        boolean enabled = gpu.migEnabledBefore() || !gpu.slots.isEmpty();
        anyMig |= enabled;
        anyNonMig |= !enabled;
        List<String> names = new ArrayList<>();
        gpu.slots.forEach(s -> names.add(s.profile.name()));
        names.sort(null);
        layoutsSeen.add(gpu.model.name() + names);
        profiles.addAll(names);
      }
      if (!anyMig) {
        return Optional.empty();
      }
      List<String> problems = new ArrayList<>();
      if (anyNonMig) {
        problems.add("some GPUs have MIG off");
      }
      if (profiles.size() > 1) {
        problems.add("more than one profile " + profiles);
      }
      if (layoutsSeen.size() > 1) {
        problems.add("GPUs are partitioned differently");
      }
      return problems.isEmpty()
          ? Optional.empty()
          : Optional.of("node " + node + ": " + String.join("; ", problems));
    }

    /** Per MIG model: whether some GPU of it may be used; computed for the first unplaced. */
    private boolean[] usableModels;

    private Unplaced whyUnplaced(int r) {
      SharingRequest request = problem.requests.get(r);
      if (usableModels == null) {
        usableModels = new boolean[problem.migModels.size()];
        for (Gpu gpu : gpus) {
          if (gpu.usable) {
            usableModels[gpu.modelIndex] = true;
          }
        }
      }
      Set<String> models = new java.util.TreeSet<>();
      Set<String> withProfile = new java.util.TreeSet<>();
      for (int m = 0; m < usableModels.length; m++) {
        if (usableModels[m] && problem.allowed[r][m]) {
          String name = problem.migModels.get(m).name();
          models.add(name);
          if (problem.profiles[r][m] != null) {
            withProfile.add(name + " (" + problem.profiles[r][m].name() + ")");
          }
        }
      }
      if (models.isEmpty()) {
        return new Unplaced(
            request.id(),
            Unplaced.Reason.NO_COMPATIBLE_GPU,
            "no MIG-capable GPU"
                + (request.allowedModels().isEmpty()
                    ? ""
                    : " of the allowed models " + request.allowedModels())
                + " is available for MIG (GPUs in MPS or time-slicing mode, or running an"
                + " exclusive workload, are not repartitioned)");
      }
      if (withProfile.isEmpty()) {
        if (request.profile().isPresent()) {
          return new Unplaced(
              request.id(),
              Unplaced.Reason.UNKNOWN_PROFILE,
              "profile "
                  + request.profile().get()
                  + " exists on none of the available models "
                  + models);
        }
        return new Unplaced(
            request.id(),
            Unplaced.Reason.TOO_LARGE,
            "needs "
                + request.memoryMiB()
                + " MiB and "
                + request.computeMilli()
                + " milli of compute; no profile of "
                + models
                + " holds that");
      }
      return new Unplaced(
          request.id(),
          Unplaced.Reason.NO_CAPACITY,
          "would get " + String.join(", ", withProfile) + " but no GPU has room for it");
    }
  }

  /** The mig-parted config of one node: GPUs grouped by identical layouts. */
  private record MigPartedConfig(String name, List<Object> entries, String document) {
    static MigPartedConfig of(List<Gpu> nodeGpus) {
      boolean severalModels = nodeGpus.stream().map(g -> g.model).distinct().count() > 1;
      Map<String, List<Integer>> devicesByLayout = new LinkedHashMap<>();
      Map<String, Map<String, Object>> entryByLayout = new LinkedHashMap<>();
      for (Gpu gpu : nodeGpus) {
        boolean enabled = gpu.migEnabledBefore() || !gpu.slots.isEmpty();
        List<MigProfile> profiles = new ArrayList<>();
        gpu.slots.forEach(s -> profiles.add(s.profile));
        profiles.sort(MigLayouts.LARGEST_FIRST);
        Map<String, Object> devices = new LinkedHashMap<>();
        profiles.forEach(p -> devices.merge(p.name(), 1, (a, b) -> (Integer) a + (Integer) b));
        String key = gpu.model.name() + "|" + enabled + "|" + devices;
        devicesByLayout.computeIfAbsent(key, k -> new ArrayList<>()).add(gpu.source.index());
        entryByLayout.computeIfAbsent(
            key,
            k -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("devices", null);
              if (severalModels) {
                entry.put("device-filter", gpu.geometry.pciIds());
              }
              entry.put("mig-enabled", enabled);
              if (enabled) {
                entry.put("mig-devices", devices);
              }
              return entry;
            });
      }
      List<Object> entries = new ArrayList<>();
      for (Map.Entry<String, Map<String, Object>> e : entryByLayout.entrySet()) {
        e.getValue().put("devices", devicesByLayout.get(e.getKey()));
        entries.add(e.getValue());
      }
      // The entries' toString is deterministic (lists and insertion-ordered maps of strings,
      // numbers and booleans), so equal layouts get equal names.
      String name = "gpa-" + sha256(entries.toString()).substring(0, 10);
      return new MigPartedConfig(name, entries, HEADER + section(name, entries));
    }

    static final String HEADER = "version: v1\nmig-configs:\n";

    /** {@code name}'s entry of {@code mig-configs}, indented under it. */
    static String section(String name, List<Object> entries) {
      String yaml = io.gpuautoscaler.core.sharing.YamlWriter.write(Map.of(name, entries));
      return yaml.lines().map(line -> "  " + line + "\n").collect(Collectors.joining());
    }

    /** One mig-parted file with every config, by name; written once per config, then joined. */
    static String document(Map<String, String> sections) {
      if (sections.isEmpty()) {
        return "version: v1\nmig-configs: {}\n";
      }
      return HEADER + String.join("", new TreeMap<>(sections).values());
    }

    private static String sha256(String text) {
      try {
        byte[] digest =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  }
}
