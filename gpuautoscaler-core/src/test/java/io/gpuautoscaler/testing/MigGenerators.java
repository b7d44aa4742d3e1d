package io.gpuautoscaler.testing;

import io.gpuautoscaler.api.sharing.GpuClient;
import io.gpuautoscaler.api.sharing.MigInstance;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
import io.gpuautoscaler.core.sharing.mig.MigLayoutCheck;
import io.gpuautoscaler.core.sharing.mig.MigLayouts;
import io.gpuautoscaler.core.sharing.mig.PlacedInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Seeded generators of GPUs and sharing requests for MIG property tests: nodes of the catalog's
 * models (mostly MIG-capable), some GPUs already partitioned with random valid layouts whose
 * instances are partly in use, some busy with an exclusive workload.
 */
public final class MigGenerators {
  private static final GpuCatalog CATALOG = GpuCatalog.builtin();

  private MigGenerators() {}

  /**
   * @param knownStarts whether existing instances carry their placement (else some do not)
   */
  public static List<SharedGpu> cluster(SplittableRandom random, int nodes, boolean knownStarts) {
    List<GpuModel> mig = CATALOG.migModels();
    List<SharedGpu> gpus = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      GpuModel model =
          random.nextInt(10) == 0 ? CATALOG.require("T4") : mig.get(random.nextInt(mig.size()));
      String label =
          model.products().isEmpty() || random.nextBoolean()
              ? model.name()
              : model.products().get(random.nextInt(model.products().size()));
      int count = 1 + random.nextInt(8);
      String node = String.format("node-%03d", n);
      for (int i = 0; i < count; i++) {
        int kind = random.nextInt(10);
        if (model.mig().isEmpty() || kind < 4) {
          gpus.add(SharedGpu.idle(node, i, label));
        } else if (kind == 4) {
          gpus.add(
              new SharedGpu(
                  node,
                  i,
                  label,
                  SharingMode.EXCLUSIVE,
                  1,
                  List.of(),
                  List.of(new GpuClient("busy-" + node + "-" + i, 1024, 1000))));
        } else {
          gpus.add(
              SharedGpu.mig(
                  node, i, label, layout(random, model.mig().orElseThrow(), knownStarts)));
        }
      }
    }
    return gpus;
  }

  /** A random valid layout, instances in use with probability 1/2. */
  public static List<MigInstance> layout(
      SplittableRandom random, MigGeometry geometry, boolean knownStarts) {
    List<MigProfile> chosen = new ArrayList<>();
    int tries = random.nextInt(8);
    for (int t = 0; t < tries; t++) {
      MigProfile p = geometry.profiles().get(random.nextInt(geometry.profiles().size()));
      List<MigProfile> more = new ArrayList<>(chosen);
      more.add(p);
      if (MigLayouts.check(geometry, more).placeable()) {
        chosen = more;
      }
    }
    List<MigInstance> out = new ArrayList<>();
    var check = (MigLayoutCheck.Placeable) MigLayouts.check(geometry, chosen);
    for (PlacedInstance i : check.creationOrder()) {
      boolean inUse = random.nextBoolean();
      out.add(
          knownStarts || random.nextInt(3) > 0
              ? MigInstance.at(i.profile().name(), i.start(), inUse)
              : MigInstance.unplaced(i.profile().name(), inUse));
    }
    return out;
  }

  /** Requests: half name a profile of some MIG model, half give memory and compute. */
  public static List<SharingRequest> requests(SplittableRandom random, int count) {
    List<GpuModel> mig = CATALOG.migModels();
    List<SharingRequest> out = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      String id = "req-" + r;
      Set<String> allowed = new TreeSet<>();
      if (random.nextInt(5) == 0) {
        allowed.add(mig.get(random.nextInt(mig.size())).name());
        if (random.nextBoolean()) {
          allowed.add(mig.get(random.nextInt(mig.size())).name());
        }
      }
      if (random.nextBoolean()) {
        MigGeometry g = mig.get(random.nextInt(mig.size())).mig().orElseThrow();
        MigProfile p = g.profiles().get(random.nextInt(g.profiles().size()));
        out.add(new SharingRequest(id, Optional.of(p.name()), 0, 0, allowed));
      } else {
        long memory =
            random.nextInt(4) == 0 ? 1 + random.nextInt(90_000) : 1 + random.nextInt(20_000);
        int compute = random.nextInt(4) == 0 ? 1 + random.nextInt(1000) : 1 + random.nextInt(300);
        out.add(new SharingRequest(id, Optional.empty(), memory, compute, allowed));
      }
    }
    return out;
  }
}
