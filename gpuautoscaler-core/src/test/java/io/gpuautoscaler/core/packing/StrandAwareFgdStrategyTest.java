package io.gpuautoscaler.core.packing;

import static io.gpuautoscaler.testing.Fixtures.occupy;
import static io.gpuautoscaler.testing.Fixtures.occupyCpu;
import static io.gpuautoscaler.testing.Fixtures.state;
import static io.gpuautoscaler.testing.Fixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.trace.SyntheticOpenb;
import io.gpuautoscaler.testing.PackingStrategyContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrandAwareFgdStrategyTest implements PackingStrategyContract {

  @Override
  public PackingStrategy strategy() {
    return new StrandAwareFgdStrategy(SyntheticOpenb.typicalTarget());
  }

  @Test
  void place_fillsTheGpuThatFreeCpuWouldOtherwiseStrand() {
    // Target tasks need 4000 CPU and a whole GPU. "roomy" (9000 CPU, 2 idle GPUs) can host two,
    // "tight" (5000 CPU, 2 idle GPUs) one: one of its idle GPUs is stranded. A 1000-CPU whole-GPU
    // workload changes nothing on "roomy" (Δ = 0) and takes the stranded GPU on "tight"
    // (Δ = -1000). FGD sees Δ = 0 on both and takes the first, "roomy".
    TargetWorkload target = TargetWorkload.parse("4000:1000:1@1");
    ClusterState state =
        state(
            GpuNode.of("roomy", 64000, 65536, 3, "A100"),
            GpuNode.of("tight", 64000, 65536, 3, "A100"));
    occupy(state, "roomy", 0, 1000);
    occupy(state, "tight", 0, 1000);
    occupyCpu(state, "roomy", 55000);
    occupyCpu(state, "tight", 59000);

    PlacementResult fgd = new FgdStrategy(target).place(state, whole("w", 1000, 1));
    PlacementResult strand = new StrandAwareFgdStrategy(target).place(state, whole("w", 1000, 1));

    assertThat(fgd.placement()).contains(new Placement("w", "roomy", List.of(1), 1000));
    assertThat(strand.placement()).contains(new Placement("w", "tight", List.of(1), 1000));
  }
}
