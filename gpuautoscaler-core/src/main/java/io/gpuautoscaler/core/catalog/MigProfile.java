package io.gpuautoscaler.core.catalog;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;
import java.util.OptionalInt;

/**
 * One MIG GPU-instance profile of one GPU model, as {@code nvidia-smi mig -lgip} and {@code -lgipp}
 * print it.
 *
 * <p>A profile is identified by (model, name): {@code 1g.10gb} is the 2-memory-slice profile 15 on
 * an A100-40GB but the 1-slice profile 19 on an H100-80GB. Its placements are the allowed {@code
 * (start, memorySlices)} ranges; two instances on one GPU may coexist iff their ranges do not
 * overlap.
 *
 * @param model the catalog name of the GPU model, e.g. {@code "A100-40GB"}
 * @param name the profile name, e.g. {@code "3g.20gb"} or {@code "1g.5gb+me"}
 * @param id the GI profile id on this model (ids differ between models)
 * @param computeSlices compute slices, at least 1
 * @param memorySlices memory slices, which is also the size of every placement; at least 1
 * @param maxCount the most instances of this profile one GPU can hold
 * @param starts the allowed placement starts, ascending
 * @param memoryMiB usable memory in MiB; an estimate when {@code memoryMeasured} is false
 * @param memoryMeasured whether {@code memoryMiB} comes from an {@code nvidia-smi} transcript
 *     rather than from memory slices times the 1-slice profile's memory
 * @param sms the SMs of the instance, when known (not {@code computeSlices} times the 1g's SMs on
 *     Hopper)
 * @param mediaExtensions whether it is a {@code +me} profile: it owns the GPU's JPEG decoder and
 *     OFA, so at most one {@code +me} instance of any profile exists per GPU
 */
@Beta
public record MigProfile(
    String model,
    String name,
    int id,
    int computeSlices,
    int memorySlices,
    int maxCount,
    List<Integer> starts,
    long memoryMiB,
    boolean memoryMeasured,
    OptionalInt sms,
    boolean mediaExtensions) {
  public MigProfile {
    requireNonNull(model, "model");
    requireNonNull(name, "name");
    requireNonNull(sms, "sms");
    if (id < 0 || computeSlices < 1 || memorySlices < 1 || maxCount < 1 || memoryMiB < 1) {
      throw new IllegalArgumentException(
          "profile "
              + name
              + " of "
              + model
              + " needs id >= 0 and positive slices, max count and memory");
    }
    starts = List.copyOf(starts);
    if (starts.isEmpty()) {
      throw new IllegalArgumentException("profile " + name + " of " + model + " has no starts");
    }
    for (int i = 1; i < starts.size(); i++) {
      if (starts.get(i) <= starts.get(i - 1)) {
        throw new IllegalArgumentException(
            "starts of profile " + name + " of " + model + " must ascend, were " + starts);
      }
    }
    if (mediaExtensions != name.endsWith("+me")) {
      throw new IllegalArgumentException(
          "profile " + name + " of " + model + ": only names ending in +me have media extensions");
    }
  }

  /** The Kubernetes resource under the mixed MIG strategy, e.g. {@code nvidia.com/mig-3g.20gb}. */
  public String mixedResourceName() {
    return "nvidia.com/mig-" + name;
  }

  /** Bit {@code s} is set iff {@code s} is an allowed start. */
  public int startMask() {
    int mask = 0;
    for (int start : starts) {
      mask |= 1 << start;
    }
    return mask;
  }

  /** Whether an instance may start at memory slice {@code start}. */
  public boolean allowsStart(int start) {
    return start >= 0 && start < 32 && (startMask() & (1 << start)) != 0;
  }

  @Override
  public String toString() {
    return name + " (" + model + ", id " + id + ")";
  }
}
