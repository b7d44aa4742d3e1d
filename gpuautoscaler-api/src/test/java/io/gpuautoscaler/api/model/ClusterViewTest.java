package io.gpuautoscaler.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterViewTest {

  /** A fixed view: nodes with the given free CPU, memory and per-GPU shares. */
  private record FixedView(List<GpuNode> nodes, long[] cpu, long[] memory, int[][] gpus)
      implements ClusterView {
    @Override
    public int nodeCount() {
      return nodes.size();
    }

    @Override
    public GpuNode node(int index) {
      return nodes.get(index);
    }

    @Override
    public OptionalInt indexOf(String name) {
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).name().equals(name)) {
          return OptionalInt.of(i);
        }
      }
      return OptionalInt.empty();
    }

    @Override
    public long freeCpuMilli(int node) {
      return cpu[node];
    }

    @Override
    public long freeMemoryMib(int node) {
      return memory[node];
    }

    @Override
    public int freeGpuMilli(int node, int gpu) {
      return gpus[node][gpu];
    }

    @Override
    public long version(int node) {
      return 0;
    }

    @Override
    public List<Workload> workloadsOn(int node) {
      return List.of();
    }
  }

  private static final FixedView VIEW =
      new FixedView(
          List.of(GpuNode.of("a", 8000, 8192, 4, "A100"), GpuNode.cpuOnly("c", 8000, 8192)),
          new long[] {4000, 8000},
          new long[] {2048, 8192},
          new int[][] {{1000, 300, 1000, 0}, {}});

  @Test
  void gpus_listsEachGpuWithItsFreeShare() {
    assertThat(VIEW.gpus(0))
        .containsExactly(
            new GpuDevice(0, "A100", 1000),
            new GpuDevice(1, "A100", 300),
            new GpuDevice(2, "A100", 1000),
            new GpuDevice(3, "A100", 0));
    assertThat(VIEW.gpus(1)).isEmpty();
  }

  @Test
  void fits_checksCpuAndMemory() {
    assertThat(VIEW.fits(0, Workload.builder("w").cpuMilli(4000).memoryMib(2048).build())).isTrue();
    assertThat(VIEW.fits(0, Workload.builder("w").cpuMilli(4001).build())).isFalse();
    assertThat(VIEW.fits(0, Workload.builder("w").memoryMib(2049).build())).isFalse();
  }

  @Test
  void fits_countsWhollyFreeGpusForWholeGpuRequests() {
    assertThat(VIEW.fits(0, Workload.builder("w").wholeGpus(2).build())).isTrue();
    assertThat(VIEW.fits(0, Workload.builder("w").wholeGpus(3).build())).isFalse();
    assertThat(VIEW.fits(1, Workload.builder("w").wholeGpus(1).build())).isFalse();
  }

  @Test
  void fits_looksForOneGpuWithTheShareFree() {
    ClusterView tight =
        new FixedView(
            List.of(GpuNode.of("a", 8000, 8192, 2, "A100")),
            new long[] {8000},
            new long[] {8192},
            new int[][] {{300, 400}});

    assertThat(tight.fits(0, Workload.builder("w").gpuShare(400).build())).isTrue();
    assertThat(tight.fits(0, Workload.builder("w").gpuShare(401).build())).isFalse();
  }

  @Test
  void fits_honorsTheAllowedModels() {
    assertThat(
            VIEW.fits(
                0,
                Workload.builder("w").gpuShare(10).allowedGpuModels(Set.of("A100", "T4")).build()))
        .isTrue();
    assertThat(
            VIEW.fits(0, Workload.builder("w").gpuShare(10).allowedGpuModels(Set.of("T4")).build()))
        .isFalse();
    assertThat(VIEW.fits(1, Workload.builder("w").allowedGpuModels(Set.of("T4")).build())).isTrue();
  }
}
