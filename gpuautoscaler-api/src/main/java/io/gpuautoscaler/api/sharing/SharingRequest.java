package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request for a share of one GPU.
 *
 * <p>Either names a MIG profile explicitly, or gives the memory and compute it needs and leaves the
 * planner to choose (the smallest MIG profile of the GPU's model that holds both, or MPS limits, or
 * a time-slice replica).
 *
 * @param id unique among the requests of one plan, e.g. {@code namespace/pod}
 * @param profile an explicit MIG profile such as {@code "1g.10gb"}; only the MIG planner honours
 *     it, and it is resolved against each GPU's model
 * @param memoryMiB device memory needed, in MiB; at least 0, and at least 1 when {@code profile} is
 *     empty
 * @param computeMilli share of one GPU's compute needed, 0..1000 (1000 = the whole GPU); at least 1
 *     when {@code profile} is empty
 * @param allowedModels the GPU models it may run on (catalog short names or product labels), copied
 *     and sorted; empty means any model
 */
@Beta
public record SharingRequest(
    String id,
    Optional<String> profile,
    long memoryMiB,
    int computeMilli,
    Set<String> allowedModels) {
  public SharingRequest {
    nonBlank(id, "id");
    requireNonNull(profile, "profile");
    profile.ifPresent(p -> nonBlank(p, "profile"));
    if (memoryMiB < 0 || (profile.isEmpty() && memoryMiB < 1)) {
      throw new IllegalArgumentException(
          "memoryMiB must be >= "
              + (profile.isEmpty() ? 1 : 0)
              + ", was "
              + memoryMiB
              + " for request "
              + id);
    }
    if (computeMilli < 0 || computeMilli > 1000 || (profile.isEmpty() && computeMilli < 1)) {
      throw new IllegalArgumentException(
          "computeMilli must be in "
              + (profile.isEmpty() ? 1 : 0)
              + "..1000, was "
              + computeMilli
              + " for request "
              + id);
    }
    requireNonNull(allowedModels, "allowedModels");
    TreeSet<String> models = new TreeSet<>();
    for (String model : allowedModels) {
      models.add(nonBlank(model, "allowedModels element"));
    }
    allowedModels = Collections.unmodifiableSortedSet(models);
  }

  /** A request for an explicit MIG profile on any model that has it. */
  public static SharingRequest ofProfile(String id, String profile) {
    return new SharingRequest(id, Optional.of(profile), 0, 0, Set.of());
  }

  /** A request for memory and compute on any model. */
  public static SharingRequest of(String id, long memoryMiB, int computeMilli) {
    return new SharingRequest(id, Optional.empty(), memoryMiB, computeMilli, Set.of());
  }
}
