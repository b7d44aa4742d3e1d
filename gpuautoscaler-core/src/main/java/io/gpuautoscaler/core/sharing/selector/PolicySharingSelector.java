package io.gpuautoscaler.core.sharing.selector;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.sharing.LatencyClass;
import io.gpuautoscaler.api.sharing.SharingDecision;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingPolicy;
import io.gpuautoscaler.api.sharing.SharingRules;
import io.gpuautoscaler.api.sharing.SharingSelector;
import io.gpuautoscaler.api.sharing.SharingWorkload;
import io.gpuautoscaler.api.sharing.WorkloadKind;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
import io.gpuautoscaler.core.sharing.mps.MpsPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The default {@link SharingSelector}, {@code policy}: fixed rules in code, thresholds from the
 * namespace's {@link SharingRules}. The first rule that applies decides:
 *
 * <ol>
 *   <li>Whole GPUs asked (one or more, compute 1000): <b>exclusive</b>. Training on whole GPUs is
 *       the common case; nothing is gained by sharing a GPU that one workload fills.
 *   <li>No allowed model available, sharing off in the namespace, or compute need above {@code
 *       maxSharedComputeMilli}: <b>exclusive</b>.
 *   <li>Needs memory and fault isolation: a <b>MIG</b> instance when {@code migForIsolation} is set
 *       and an available MIG-capable model has a profile that holds it, else <b>exclusive</b> (MPS
 *       and time-slicing isolate neither memory faults nor crashes).
 *   <li>{@link LatencyClass#CRITICAL}: <b>MIG</b> when a profile holds it (its own SMs, memory and
 *       memory bandwidth keep latency predictable), else <b>exclusive</b>.
 *   <li>A MIG-capable model is available and a profile holds it: <b>MIG</b>, the smallest profile
 *       that holds both its compute (slices of 7, or 4 on A30) and its memory; isolation comes at
 *       no cost there.
 *   <li>Otherwise MPS and time-slicing, in that order ({@link WorkloadKind#INTERACTIVE}:
 *       time-slicing first, since notebooks idle and burst and MPS would cap their bursts):
 *       <b>MPS</b> on models of compute capability 7.0 or above, <b>time-slicing</b> unless the
 *       workload trains (time slices thrash a training loop) or is {@link LatencyClass#SENSITIVE}
 *       and the rules forbid time-slicing it.
 *   <li>Nothing holds it: <b>exclusive</b>, with the reasons each mode was passed over.
 * </ol>
 *
 * A shared mode is taken only when one GPU holds at least {@code minUtilizationGain} workloads like
 * this one in it: MPS clients by the limits of {@link MpsPlanner} (replicas at most {@code
 * maxReplicas} and the model's client limit), time-slice replicas by memory and compute, MIG by the
 * profile's share of the GPU's compute and memory slices. A workload that does not state its memory
 * is taken to need its compute share of the model's memory, and the reason says so. A model the
 * catalog does not know can only be time-sliced, by compute share, as its memory is not known.
 *
 * <p>When several available models qualify, the decision names the one where the most such
 * workloads fit a GPU (MIG: the least idle share of the profile; ties by name), unless every
 * allowed model qualifies equally for MPS or time-slicing. Stateless and thread-safe.
 */
@Beta
public final class PolicySharingSelector implements SharingSelector {
  /** The provider name. */
  public static final String NAME = "policy";

  private final GpuCatalog catalog;

  /** A selector over {@code catalog}. */
  public PolicySharingSelector(GpuCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog");
  }

  /** A selector over the built-in catalog. */
  public PolicySharingSelector() {
    this(GpuCatalog.builtin());
  }

  /** One model the workload may use: the catalog's entry, or only a name when it is unknown. */
  private record Candidate(String name, Optional<GpuModel> model) {}

  /** A way to share that holds the workload, and how many like it one GPU takes. */
  private record Option(
      SharingMode mode, String model, double gain, Optional<String> profile, int shareMilli) {}

  @Override
  public SharingDecision select(
      SharingWorkload workload, Set<String> availableModels, SharingPolicy policy) {
    requireNonNull(workload, "workload");
    requireNonNull(availableModels, "availableModels");
    requireNonNull(policy, "policy");
    SharingRules rules = policy.rulesFor(workload.namespace());
    if (!workload.fractional()) {
      return SharingDecision.exclusive(
          workload.gpuCount(),
          (workload.kind() == WorkloadKind.TRAINING ? "training on " : "asks for ")
              + workload.gpuCount()
              + " whole GPU"
              + (workload.gpuCount() == 1 ? "" : "s")
              + ": exclusive, as one workload fills what it asks for");
    }
    List<Candidate> candidates = candidates(workload, availableModels);
    if (candidates.isEmpty()) {
      return SharingDecision.exclusive(
          1,
          "none of the allowed models "
              + workload.allowedModels()
              + " is available (available: "
              + new java.util.TreeSet<>(availableModels)
              + "); exclusive");
    }
    if (rules.allowedModes().isEmpty()) {
      return SharingDecision.exclusive(
          1, "sharing is off in namespace " + workload.namespace() + "; exclusive");
    }
    int c = workload.computeMilli();
    if (c > rules.maxSharedComputeMilli()) {
      return SharingDecision.exclusive(
          1,
          "needs "
              + c
              + " milli of a GPU's compute, above the "
              + rules.maxSharedComputeMilli()
              + " up to which the policy shares; exclusive");
    }
    String assumed =
        workload.gpuMemoryMiB().isPresent()
            ? ""
            : " (memory not stated: assumed to be its compute share of the GPU's memory)";
    List<String> passed = new ArrayList<>();
    Optional<Option> mig =
        rules.allows(SharingMode.MIG)
            ? bestMig(workload, candidates, rules, passed)
            : Optional.empty();
    if (!rules.allows(SharingMode.MIG)) {
      passed.add("MIG is not allowed in namespace " + workload.namespace());
    }
    if (workload.needsIsolation()) {
      if (rules.migForIsolation() && mig.isPresent()) {
        return decide(
            workload,
            mig.get(),
            "needs memory and fault isolation, which MIG gives in hardware",
            assumed);
      }
      return SharingDecision.exclusive(
          1,
          "needs memory and fault isolation, which MPS and time-slicing do not give, and "
              + (rules.migForIsolation()
                  ? "no MIG instance is available for it (" + String.join("; ", passed) + ")"
                  : "the policy does not use MIG for isolation")
              + "; exclusive");
    }
    if (workload.latencyClass() == LatencyClass.CRITICAL) {
      if (mig.isPresent()) {
        return decide(
            workload,
            mig.get(),
            "latency-critical: a MIG instance has its own SMs, memory and memory bandwidth",
            assumed);
      }
      return SharingDecision.exclusive(
          1,
          "latency-critical, and no MIG instance is available for it ("
              + String.join("; ", passed)
              + "); MPS and time-slicing would let neighbours add latency; exclusive");
    }
    if (mig.isPresent()) {
      return decide(
          workload, mig.get(), "a MIG-capable model is available: isolation at no cost", assumed);
    }
    List<SharingMode> order =
        workload.kind() == WorkloadKind.INTERACTIVE
            ? List.of(SharingMode.TIME_SLICING, SharingMode.MPS)
            : List.of(SharingMode.MPS, SharingMode.TIME_SLICING);
    for (SharingMode mode : order) {
      Optional<Option> option =
          mode == SharingMode.MPS
              ? bestMps(workload, candidates, rules, passed)
              : bestTimeSlicing(workload, candidates, rules, passed);
      if (option.isPresent()) {
        String why =
            mode == SharingMode.MPS
                ? "MPS caps each client's threads and memory"
                : "time-slicing: replicas take turns on the GPU, with NO memory or fault isolation";
        return decide(workload, option.get(), why, assumed);
      }
    }
    return SharingDecision.exclusive(
        1, "no way to share holds it: " + String.join("; ", passed) + "; exclusive" + assumed);
  }

  private SharingDecision decide(
      SharingWorkload workload, Option option, String why, String assumed) {
    Optional<String> model =
        option.model().isEmpty() ? Optional.empty() : Optional.of(option.model());
    String where = option.model().isEmpty() ? "any allowed model" : option.model();
    String what =
        option
            .profile()
            .map(p -> "MIG profile " + p + " on " + where)
            .orElse(option.mode().label() + " on " + where);
    return new SharingDecision(
        option.mode(),
        option.profile(),
        model,
        1,
        option.shareMilli(),
        what
            + ": "
            + why
            + "; one GPU holds "
            + String.format(Locale.ROOT, "%.2f", option.gain())
            + " workloads like this ("
            + workload.computeMilli()
            + " milli)"
            + assumed);
  }

  private List<Candidate> candidates(SharingWorkload workload, Set<String> available) {
    TreeMap<String, Candidate> byName = new TreeMap<>();
    for (String name : available) {
      Optional<GpuModel> model = catalog.find(name);
      String canonical = model.map(GpuModel::name).orElse(name);
      if (allows(workload, canonical, name)) {
        byName.putIfAbsent(canonical, new Candidate(canonical, model));
      }
    }
    return List.copyOf(byName.values());
  }

  private boolean allows(SharingWorkload workload, String canonical, String name) {
    if (workload.allowedModels().isEmpty() || workload.allowedModels().contains(name)) {
      return true;
    }
    for (String allowed : workload.allowedModels()) {
      if (catalog.find(allowed).map(GpuModel::name).orElse(allowed).equals(canonical)) {
        return true;
      }
    }
    return false;
  }

  private static long memoryOn(SharingWorkload workload, GpuModel model) {
    if (workload.gpuMemoryMiB().isPresent()) {
      return workload.gpuMemoryMiB().getAsLong();
    }
    return Math.max(1, (long) Math.ceil(workload.computeMilli() / 1000.0 * model.memoryMiB()));
  }

  /**
   * The smallest profile of {@code geometry} that holds {@code computeMilli} and {@code memoryMiB},
   * other than the whole GPU and the {@code +me} variants; empty when none does. Smallest in the
   * {@code mig} planner's order (memory slices, then compute slices, then memory), so that the
   * selector names the profile the planner would choose.
   */
  public static Optional<MigProfile> smallestProfile(
      MigGeometry geometry, int computeMilli, long memoryMiB) {
    MigProfile best = null;
    for (MigProfile p : geometry.profiles()) {
      if (p.mediaExtensions()
          || p.computeSlices() >= geometry.computeSlices()
          || (long) computeMilli * geometry.computeSlices() > (long) p.computeSlices() * 1000
          || p.memoryMiB() < memoryMiB) {
        continue;
      }
      if (best == null || SMALLEST_FIRST.compare(p, best) < 0) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }

  private static final java.util.Comparator<MigProfile> SMALLEST_FIRST =
      java.util.Comparator.comparingInt(MigProfile::memorySlices)
          .thenComparingInt(MigProfile::computeSlices)
          .thenComparingLong(MigProfile::memoryMiB)
          .thenComparingInt(MigProfile::id);

  private Optional<Option> bestMig(
      SharingWorkload workload,
      List<Candidate> candidates,
      SharingRules rules,
      List<String> passed) {
    Option best = null;
    double bestIdle = Double.MAX_VALUE;
    boolean anyMig = false;
    for (Candidate cand : candidates) {
      if (cand.model().isEmpty() || cand.model().get().mig().isEmpty()) {
        continue;
      }
      anyMig = true;
      GpuModel model = cand.model().get();
      MigGeometry g = model.mig().get();
      long memory = memoryOn(workload, model);
      Optional<MigProfile> profile = smallestProfile(g, workload.computeMilli(), memory);
      if (profile.isEmpty()) {
        passed.add("no MIG profile of " + model.name() + " below the whole GPU holds it");
        continue;
      }
      MigProfile p = profile.get();
      double gain =
          Math.min(
              (double) g.computeSlices() / p.computeSlices(),
              (double) g.memorySlices() / p.memorySlices());
      if (gain < rules.minUtilizationGain()) {
        passed.add(
            "MIG "
                + p.name()
                + " on "
                + model.name()
                + " gains "
                + String.format(Locale.ROOT, "%.2f", gain)
                + ", below the policy's "
                + rules.minUtilizationGain());
        continue;
      }
      double idle =
          (double) p.computeSlices() / g.computeSlices() - workload.computeMilli() / 1000.0;
      if (best == null || idle < bestIdle - 1e-12) {
        int share = (int) Math.round(1000.0 * p.computeSlices() / g.computeSlices());
        best = new Option(SharingMode.MIG, model.name(), gain, Optional.of(p.name()), share);
        bestIdle = idle;
      }
    }
    if (!anyMig) {
      passed.add("no allowed model is MIG-capable");
    }
    return Optional.ofNullable(best);
  }

  private Optional<Option> bestMps(
      SharingWorkload workload,
      List<Candidate> candidates,
      SharingRules rules,
      List<String> passed) {
    if (!rules.allows(SharingMode.MPS)) {
      passed.add("MPS is not allowed in namespace " + workload.namespace());
      return Optional.empty();
    }
    List<Option> options = new ArrayList<>();
    for (Candidate cand : candidates) {
      if (cand.model().isEmpty()) {
        passed.add(cand.name() + " is not in the GPU catalog, so MPS support is unknown");
        continue;
      }
      GpuModel model = cand.model().get();
      if (!MpsPlanner.supports(model)) {
        passed.add(
            model.name()
                + " (compute capability "
                + model.computeCapability()
                + ") has no MPS limits");
        continue;
      }
      int cap = Math.min(rules.maxReplicas(), model.mpsClientLimit());
      int replicas =
          MpsPlanner.replicasFor(
              model.memoryMiB(), cap, memoryOn(workload, model), workload.computeMilli());
      if (replicas < 2 || replicas < rules.minUtilizationGain()) {
        passed.add(
            "MPS on "
                + model.name()
                + " holds "
                + replicas
                + " such client(s) per GPU, below "
                + Math.max(2, rules.minUtilizationGain()));
        continue;
      }
      options.add(
          new Option(
              SharingMode.MPS, model.name(), replicas, Optional.empty(), workload.computeMilli()));
    }
    return pick(options, candidates.size());
  }

  private Optional<Option> bestTimeSlicing(
      SharingWorkload workload,
      List<Candidate> candidates,
      SharingRules rules,
      List<String> passed) {
    if (!rules.allows(SharingMode.TIME_SLICING)) {
      passed.add("time-slicing is not allowed in namespace " + workload.namespace());
      return Optional.empty();
    }
    if (workload.kind() == WorkloadKind.TRAINING) {
      passed.add("time-slicing would thrash a training loop");
      return Optional.empty();
    }
    if (workload.latencyClass() == LatencyClass.SENSITIVE
        && !rules.timeSlicingForLatencySensitive()) {
      passed.add("the policy does not time-slice latency-sensitive work");
      return Optional.empty();
    }
    List<Option> options = new ArrayList<>();
    for (Candidate cand : candidates) {
      long byCompute = 1000L / workload.computeMilli();
      long byMemory;
      if (cand.model().isPresent()) {
        byMemory = cand.model().get().memoryMiB() / memoryOn(workload, cand.model().get());
      } else if (workload.gpuMemoryMiB().isEmpty()) {
        byMemory = byCompute; // both are shares of the same unknown GPU
      } else {
        passed.add(cand.name() + " is not in the GPU catalog, so its memory is unknown");
        continue;
      }
      long fit = Math.min(rules.maxReplicas(), Math.min(byCompute, byMemory));
      if (fit < 2 || fit < rules.minUtilizationGain()) {
        passed.add(
            "time-slicing on "
                + cand.name()
                + " holds "
                + fit
                + " such workload(s) per GPU, below "
                + Math.max(2, rules.minUtilizationGain()));
        continue;
      }
      options.add(
          new Option(
              SharingMode.TIME_SLICING,
              cand.name(),
              fit,
              Optional.empty(),
              workload.computeMilli()));
    }
    return pick(options, candidates.size());
  }

  /**
   * The option with the highest gain (ties by name); unconstrained when every candidate qualifies
   * equally.
   */
  private static Optional<Option> pick(List<Option> options, int candidates) {
    if (options.isEmpty()) {
      return Optional.empty();
    }
    Option best = options.get(0);
    boolean allEqual = true;
    for (Option o : options) {
      if (o.gain() > best.gain()) {
        best = o;
      }
      allEqual &= o.gain() == options.get(0).gain();
    }
    if (options.size() == candidates && allEqual && candidates > 1) {
      return Optional.of(
          new Option(best.mode(), "", best.gain(), best.profile(), best.shareMilli()));
    }
    return Optional.of(best);
  }

  /** Builds {@link PolicySharingSelector}s over the built-in catalog; takes no settings. */
  public static final class Provider implements SharingSelector.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "exclusive, MIG, MPS or time-slicing by rules in code and the namespace's thresholds";
    }

    @Override
    public SharingSelector create(Settings settings) {
      settings.requireOnly("sharing selector " + NAME);
      return new PolicySharingSelector();
    }
  }
}
