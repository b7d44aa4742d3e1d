package io.gpuautoscaler.core.sharing.mig;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NVIDIA's MIG layout rule: a multiset of GI profiles fits on one GPU iff each instance can be
 * given one of its profile's allowed {@code (start, size)} placements so that no two ranges
 * overlap, no profile exceeds its max count, and at most one {@code +me} instance exists.
 *
 * <p>Decided exactly by backtracking over the placements (at most 8 memory slices, so at most 8
 * instances), after cheap count and total checks that give the usual reasons. Memory is counted in
 * slices, never in nominal GB: {@code 3g} takes 4 slices, and NVIDIA's own H200 {@code
 * all-balanced} sums to 142 nominal GB on a 141 GB GPU. Stateless and thread-safe; deterministic.
 */
@Beta
public final class MigLayouts {
  /** Instances sort largest first; equal sizes with fewer allowed starts first. */
  static final Comparator<MigProfile> LARGEST_FIRST =
      Comparator.comparingInt(MigProfile::memorySlices)
          .thenComparingInt(MigProfile::computeSlices)
          .reversed()
          .thenComparingInt(p -> p.starts().size())
          .thenComparingInt(MigProfile::id);

  private MigLayouts() {}

  /**
   * Whether {@code profiles} fit together on one idle GPU of the geometry's model.
   *
   * @throws IllegalArgumentException when a profile belongs to another model
   */
  public static MigLayoutCheck check(MigGeometry geometry, List<MigProfile> profiles) {
    return check(geometry, List.of(), profiles);
  }

  /**
   * Whether {@code toAdd} fit next to {@code fixed} instances, which keep their placements.
   *
   * @return placements for all instances (fixed ones unchanged) in a creation order, or why not
   * @throws IllegalArgumentException when a profile belongs to another model
   */
  public static MigLayoutCheck check(
      MigGeometry geometry, List<PlacedInstance> fixed, List<MigProfile> toAdd) {
    requireNonNull(geometry, "geometry");
    requireNonNull(fixed, "fixed");
    requireNonNull(toAdd, "toAdd");
    String model = geometry.profiles().get(0).model();
    List<MigProfile> all = new ArrayList<>();
    fixed.forEach(f -> all.add(f.profile()));
    all.addAll(toAdd);
    for (MigProfile p : all) {
      if (!p.model().equals(model) || geometry.profile(p.name()).orElse(null) != p) {
        throw new IllegalArgumentException(p + " is not a profile of " + model);
      }
    }
    String reason = countsAndTotals(geometry, model, all);
    if (reason != null) {
      return new MigLayoutCheck.NotPlaceable(reason);
    }
    int fixedMask = 0;
    for (PlacedInstance f : fixed) {
      if (f.end() > geometry.memorySlices()) {
        return new MigLayoutCheck.NotPlaceable(f + " runs past the GPU's memory slices");
      }
      if ((fixedMask & f.mask()) != 0) {
        return new MigLayoutCheck.NotPlaceable("existing instances overlap at " + f);
      }
      fixedMask |= f.mask();
    }
    List<MigProfile> sorted = new ArrayList<>(toAdd);
    sorted.sort(LARGEST_FIRST);
    int n = sorted.size();
    int[] sizes = new int[n];
    int[] startMasks = new int[n];
    for (int i = 0; i < n; i++) {
      sizes[i] = sorted.get(i).memorySlices();
      startMasks[i] = sorted.get(i).startMask();
    }
    int[] starts = new int[n];
    if (!solve(fixedMask, sizes, startMasks, starts, geometry.memorySlices())) {
      return new MigLayoutCheck.NotPlaceable(
          "no non-overlapping placement exists"
              + (fixed.isEmpty() ? "" : " next to the existing instances " + fixed)
              + " for "
              + describe(toAdd));
    }
    List<PlacedInstance> placed = new ArrayList<>(fixed);
    for (int i = 0; i < n; i++) {
      placed.add(new PlacedInstance(sorted.get(i), starts[i]));
    }
    return new MigLayoutCheck.Placeable(creationOrder(placed));
  }

  /**
   * {@code instances} ordered for creation: largest first, then by start. With explicit placements
   * any order works; without them, this order avoids the driver's fragmentation trap.
   */
  public static List<PlacedInstance> creationOrder(List<PlacedInstance> instances) {
    List<PlacedInstance> order = new ArrayList<>(instances);
    order.sort(
        Comparator.comparing(PlacedInstance::profile, LARGEST_FIRST)
            .thenComparingInt(PlacedInstance::start));
    return List.copyOf(order);
  }

  /** {@code 2×1g.5gb + 3g.20gb}: profiles grouped by name in first-seen order. */
  public static String describe(List<MigProfile> profiles) {
    if (profiles.isEmpty()) {
      return "no instances";
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    profiles.forEach(p -> counts.merge(p.name(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((name, count) -> parts.add(count == 1 ? name : count + "×" + name));
    return String.join(" + ", parts);
  }

  /** The first count, +me or total that is exceeded, or null when none is. */
  private static String countsAndTotals(MigGeometry geometry, String model, List<MigProfile> all) {
    Map<MigProfile, Integer> counts = new LinkedHashMap<>();
    int compute = 0;
    int memory = 0;
    int mediaExtensions = 0;
    for (MigProfile p : all) {
      counts.merge(p, 1, Integer::sum);
      compute += p.computeSlices();
      memory += p.memorySlices();
      mediaExtensions += p.mediaExtensions() ? 1 : 0;
    }
    for (Map.Entry<MigProfile, Integer> e : counts.entrySet()) {
      if (e.getValue() > e.getKey().maxCount()) {
        return e.getValue()
            + "×"
            + e.getKey().name()
            + " exceeds its max of "
            + e.getKey().maxCount()
            + " per "
            + model;
      }
    }
    if (mediaExtensions > 1) {
      return mediaExtensions
          + " +me instances, but a GPU has one set of media engines, so at most one +me instance";
    }
    if (compute > geometry.computeSlices()) {
      return "needs "
          + compute
          + " compute slices, the "
          + model
          + " has "
          + geometry.computeSlices();
    }
    if (memory > geometry.memorySlices()) {
      return "needs " + memory + " memory slices, the " + model + " has " + geometry.memorySlices();
    }
    return null;
  }

  /**
   * Backtracking: gives instance {@code i} (sorted largest first) a start from {@code
   * startMasks[i]}, highest start first so that slot 0, the only start of 4g and 7g, stays free as
   * long as possible.
   */
  static boolean solve(int fixedMask, int[] sizes, int[] startMasks, int[] starts, int slices) {
    return solve(0, fixedMask, sizes, startMasks, starts, slices);
  }

  private static boolean solve(
      int i, int occupied, int[] sizes, int[] startMasks, int[] starts, int slices) {
    if (i == sizes.length) {
      return true;
    }
    int range = (1 << sizes[i]) - 1;
    for (int s = slices - sizes[i]; s >= 0; s--) {
      if ((startMasks[i] & (1 << s)) == 0 || (occupied & (range << s)) != 0) {
        continue;
      }
      // Equal instances in a row take ascending positions only: skips permutations of twins.
      if (i > 0
          && sizes[i] == sizes[i - 1]
          && startMasks[i] == startMasks[i - 1]
          && s > starts[i - 1]) {
        continue;
      }
      starts[i] = s;
      if (solve(i + 1, occupied | (range << s), sizes, startMasks, starts, slices)) {
        return true;
      }
    }
    return false;
  }
}
