package io.gpuautoscaler.core.packing;

import static io.gpuautoscaler.testing.Fixtures.occupy;
import static io.gpuautoscaler.testing.Fixtures.share;
import static io.gpuautoscaler.testing.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.sim.PolicyResult;
import io.gpuautoscaler.core.sim.ReplayOptions;
import io.gpuautoscaler.core.sim.SimulationReport;
import io.gpuautoscaler.core.sim.Simulator;
import io.gpuautoscaler.core.trace.SyntheticOpenb;
import io.gpuautoscaler.core.trace.SyntheticSpec;
import io.gpuautoscaler.testing.PackingStrategyContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HorizonFgdStrategyTest implements PackingStrategyContract {
  private static final TargetWorkload MIXED_TARGET =
      TargetWorkload.parse(
          "2000:500:1:A100|T4@0.3,4000:1000:1@0.25,8000:1000:2@0.15,1000:250:1@0.2,3000:0:0@0.1");

  @Override
  public PackingStrategy strategy() {
    return new HorizonFgdStrategy(SyntheticOpenb.typicalTarget());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_withHorizonOneAndNoMemory_decidesAsFgd(long seed) {
    Reference.assertDecidesLike(
        new HorizonFgdStrategy(MIXED_TARGET, 1, false, false, true),
        FgdStrategyTest.fgd(MIXED_TARGET),
        seed);
  }

  @Test
  void place_pairsASharedRequestWithItsOwnSizeWhenTheHorizonSeesTheNextOne() {
    // Target: whole GPUs 0.6, 470-milli shares 0.2, 320-milli shares 0.2. A 320 arrives; "a"
    // holds a 230 (770 free), "b" a 320 (680 free). FGD (H = 1): Δ_a = 450·0.8 - 770·0.6 = -102,
    // Δ_b = 360·0.8 - 680·0.6 = -120, both score 52, and the tie goes to "a", whose 450 left
    // takes one more 320 and then strands 130. H = 3: Δ_a = 450·0.8³ - 770·0.6³ = +64 (48),
    // Δ_b = 360·0.8³ - 680·0.6³ = +37 (49): "b", whose 360 left the next 320 fills to 40.
    TargetWorkload target = TargetWorkload.parse("4000:1000:1@0.6,1000:470:1@0.2,1000:320:1@0.2");
    ClusterState state =
        state(GpuNode.of("a", 64000, 65536, 1, "A100"), GpuNode.of("b", 64000, 65536, 1, "A100"));
    occupy(state, "a", 0, 230);
    occupy(state, "b", 0, 320);

    var fgd = new FgdStrategy(target).place(state, share("w", 1000, 320));
    var horizon =
        new HorizonFgdStrategy(target, 3, true, false, true).place(state, share("w", 1000, 320));

    assertThat(fgd.placement()).contains(new Placement("w", "a", List.of(0), 320));
    assertThat(horizon.placement()).contains(new Placement("w", "b", List.of(0), 320));
  }

  @Test
  void create_readsTheHorizonSetting() {
    var provider = new HorizonFgdStrategy.Provider();

    var strategy = (HorizonFgdStrategy) provider.create(Settings.of(Map.of("horizon", "5")));

    assertThat(strategy.horizon()).isEqualTo(5);
    assertThat(((HorizonFgdStrategy) provider.create(Settings.empty())).horizon())
        .isEqualTo(HorizonFgdStrategy.DEFAULT_HORIZON);
  }

  @Test
  void create_failsOnAHorizonBelowOneOrNotANumber() {
    var provider = new HorizonFgdStrategy.Provider();

    assertThatThrownBy(() -> provider.create(Settings.of(Map.of("horizon", "0"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("horizon must be at least 1, was 0");
    assertThatThrownBy(() -> provider.create(Settings.of(Map.of("horizon", "two"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("horizon must be an integer, was two");
  }

  @Test
  void create_failsOnAnUnknownSettingNamingIt() {
    assertThatThrownBy(
            () -> new HorizonFgdStrategy.Provider().create(Settings.of(Map.of("sead", "42"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "packing strategy horizon-fgd does not understand setting(s) [sead]; it knows"
                + " [horizon, seed, target-workload]");
  }

  @Test
  void defaultAlias_namesThisStrategy() {
    var registry = ProviderRegistry.load(PackingStrategy.Provider.class);

    assertThat(DefaultPacking.resolve(DefaultPacking.ALIAS)).isEqualTo(HorizonFgdStrategy.NAME);
    assertThat(DefaultPacking.resolve("fgd")).isEqualTo("fgd");
    assertThat(registry.require(DefaultPacking.STRATEGY).create(Settings.empty()))
        .isInstanceOf(HorizonFgdStrategy.class);
  }

  /**
   * A guard, not a benchmark: on a small generated GPU-sharing-heavy mix (deterministic; two seeds)
   * the strategy must leave less GPU unallocated than fgd at arrived 100 % and 130 %.
   */
  @Test
  void simulate_leavesLessUnallocatedThanFgdOnASharingHeavyMix() {
    var trace = SyntheticSpec.parse("nodes=150,seed=11,shared=0.6").generate();
    var simulator =
        new Simulator(
            trace, ProviderRegistry.load(PackingStrategy.Provider.class), ReplayOptions.PAPER);

    SimulationReport report =
        simulator.run(List.of("fgd", HorizonFgdStrategy.NAME), List.of(1L, 2L), 1, x -> {});

    PolicyResult fgd = report.results().get(0);
    PolicyResult horizon = report.results().get(1);
    for (int x : new int[] {100, 130}) {
      assertThat(horizon.at(x).unallocatedPct().mean())
          .as("unallocated GPU %% at arrived %d %%", x)
          .isLessThan(fgd.at(x).unallocatedPct().mean());
    }
  }
}
