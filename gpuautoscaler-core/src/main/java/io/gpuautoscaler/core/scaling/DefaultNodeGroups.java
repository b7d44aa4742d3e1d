package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The documented default node groups: GCP {@code us-central1} A100 machines, 8-GPU and 1-GPU, each
 * on-demand and spot, every group from 0 to {@value #MAX_NODES_PER_GROUP} nodes.
 *
 * <p>Prices are GCP list prices per hour from the Cloud Billing Catalog as compiled in the project
 * reference (autoscaling-and-cost.md §4.2, generated 2026-07-30): {@code a2-highgpu-8g} $29.38708
 * on-demand, $15.42416 spot; {@code a2-highgpu-1g} $3.673385 on-demand, $1.92802 spot. CPU and
 * memory are the machine types' published shapes (96 vCPU / 680 GB and 12 vCPU / 85 GB). GCP's spot
 * notice is 30 seconds.
 *
 * <p>Two numbers are assumptions, not sourced facts, and are settings everywhere they are used: the
 * {@linkplain #PROVISIONING_DELAY_SECONDS provisioning delay} and the {@linkplain
 * #SPOT_INTERRUPTIONS_PER_HOUR spot interruption rate}.
 */
@Beta
public final class DefaultNodeGroups {
  /** The most nodes of each default group. */
  public static final int MAX_NODES_PER_GROUP = 500;

  /**
   * Assumed seconds from asking for a GPU node to it taking work (boot, driver, device plugin). No
   * stored source measures it; cluster-autoscaler gives up on a node after 15 minutes.
   */
  public static final long PROVISIONING_DELAY_SECONDS = 300;

  /**
   * Assumed rate at which the cloud reclaims one spot node, per hour. No stored source gives a
   * rate; one reclaim per node every 20 hours is a pessimistic guess, to be replaced by measured
   * rates.
   */
  public static final double SPOT_INTERRUPTIONS_PER_HOUR = 0.05;

  private DefaultNodeGroups() {}

  /** The default groups, all with target size 0. */
  public static List<NodeGroup> groups() {
    return List.of(
        group("a2-highgpu-8g-on-demand", "a2-highgpu-8g", 8, 96_000, 680L * 1024, od(29.38708)),
        group("a2-highgpu-8g-spot", "a2-highgpu-8g", 8, 96_000, 680L * 1024, spot(15.42416)),
        group("a2-highgpu-1g-on-demand", "a2-highgpu-1g", 1, 12_000, 85L * 1024, od(3.673385)),
        group("a2-highgpu-1g-spot", "a2-highgpu-1g", 1, 12_000, 85L * 1024, spot(1.92802)));
  }

  /** The default groups on the GCP simulation, spot groups reclaimed at {@code spotPerHour}. */
  public static List<SimulatedGroup> simulated(Duration provisioningDelay, double spotPerHour) {
    List<SimulatedGroup> list = new ArrayList<>();
    for (NodeGroup g : groups()) {
      SimulatedGroup s = SimulatedGroup.of(g, Cloud.GCP, provisioningDelay);
      list.add(g.capacityType().interruptible() ? s.withInterruptionsPerHour(spotPerHour) : s);
    }
    return list;
  }

  private record Price(CapacityType type, double usd) {}

  private static Price od(double usd) {
    return new Price(CapacityType.ON_DEMAND, usd);
  }

  private static Price spot(double usd) {
    return new Price(CapacityType.SPOT, usd);
  }

  private static NodeGroup group(
      String id, String type, int gpus, long cpuMilli, long memoryMib, Price price) {
    return new NodeGroup(
        id,
        type,
        "A100-40GB",
        gpus,
        cpuMilli,
        memoryMib,
        price.type(),
        "us-central1-a",
        0,
        MAX_NODES_PER_GROUP,
        0,
        price.usd());
  }
}
