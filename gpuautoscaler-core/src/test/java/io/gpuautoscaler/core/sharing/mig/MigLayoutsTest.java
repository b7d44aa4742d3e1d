package io.gpuautoscaler.core.sharing.mig;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** NVIDIA's MIG rules as shared/reference/mig-profiles.md states them, checked exhaustively. */
class MigLayoutsTest {
  private static final GpuCatalog CATALOG = GpuCatalog.builtin();
  private static final List<String> EIGHT_SLOT =
      List.of("A100-40GB", "A100-80GB", "H100-80GB", "H100-NVL", "H200", "B200");

  private static MigGeometry geometry(String model) {
    return CATALOG.requireMig(model);
  }

  private static List<MigProfile> profiles(String model, String... names) {
    MigGeometry g = geometry(model);
    return Arrays.stream(names).map(g::requireProfile).toList();
  }

  @Test
  void a100_40gb_has19MaximalPositionalLayoutsIn12Multisets() {
    List<MigProfile> five =
        profiles("A100-40GB", "1g.5gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb");

    List<List<PlacedInstance>> maximal = maximalPositionalLayouts(geometry("A100-40GB"), five);

    assertThat(maximal).hasSize(19);
    Set<List<String>> multisets = new HashSet<>();
    for (List<PlacedInstance> layout : maximal) {
      multisets.add(layout.stream().map(i -> i.profile().name()).sorted().toList());
    }
    // Two of the 14 distinct multisets strand slot 7 (3g@0 + 3×1g.5gb at 4..6, and 3g@0 + 2g@4
    // + 1g@6): maximal as positions, yet a sub-multiset of another maximal layout. The other 12
    // are exactly the multisets to which no instance can be added: the reference's 12.
    assertThat(multisets).hasSize(14);
    Set<List<String>> multisetMaximal = new HashSet<>();
    for (int[] counts : validMultisets(geometry("A100-40GB"), five)) {
      if (isMaximal(geometry("A100-40GB"), five, counts)) {
        multisetMaximal.add(expand(five, counts).stream().map(MigProfile::name).sorted().toList());
      }
    }
    assertThat(multisetMaximal)
        .hasSize(12)
        .contains(List.of("3g.20gb", "4g.20gb"))
        .allMatch(multisets::contains);
    assertThat(multisets)
        .filteredOn(m -> !multisetMaximal.contains(m))
        .containsExactlyInAnyOrder(
            List.of("1g.5gb", "1g.5gb", "1g.5gb", "3g.20gb"),
            List.of("1g.5gb", "2g.10gb", "3g.20gb"));
  }

  static Stream<String> eightSlotModels() {
    return EIGHT_SLOT.stream();
  }

  @ParameterizedTest
  @MethodSource("eightSlotModels")
  void eightSlotGpu_has77ValidMultisets28Maximal(String model) {
    MigGeometry g = geometry(model);
    List<MigProfile> six = g.profiles().stream().filter(p -> !p.mediaExtensions()).toList();
    assertThat(six).hasSize(6);

    List<int[]> valid = validMultisets(g, six);
    long maximal = valid.stream().filter(counts -> isMaximal(g, six, counts)).count();

    assertThat(valid).hasSize(77);
    assertThat(maximal).isEqualTo(28);
  }

  @Test
  void a30_has9ValidMultisets() {
    MigGeometry g = geometry("A30");
    List<MigProfile> plain = g.profiles().stream().filter(p -> !p.mediaExtensions()).toList();
    assertThat(validMultisets(g, plain)).hasSize(9);
  }

  @ParameterizedTest
  @MethodSource("eightSlotModels")
  void check_agreesWithPositionalEnumerationAndWithSliceTotals(String model) {
    MigGeometry g = geometry(model);
    List<MigProfile> all = g.profiles();
    Set<List<String>> positional = new HashSet<>();
    for (List<PlacedInstance> layout : allPositionalLayouts(g, all)) {
      positional.add(layout.stream().map(i -> i.profile().name()).sorted().toList());
    }
    int[] max = all.stream().mapToInt(MigProfile::maxCount).toArray();
    int checked = 0;
    for (int[] counts : allCounts(max)) {
      if (Arrays.stream(counts).sum() == 0) {
        continue;
      }
      List<MigProfile> multiset = expand(all, counts);
      boolean placeable = MigLayouts.check(g, multiset).placeable();
      assertThat(placeable)
          .as("%s on %s", MigLayouts.describe(multiset), model)
          .isEqualTo(
              positional.contains(multiset.stream().map(MigProfile::name).sorted().toList()));
      // Derived fact 1: with memory counted in slices, the totals decide placeability.
      assertThat(placeable).isEqualTo(withinTotals(g, multiset));
      checked++;
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @ParameterizedTest
  @MethodSource("allBalanced")
  void allBalanced_isValidOnEveryModel(String model, List<String> names, int nominalGb) {
    List<MigProfile> layout = profiles(model, names.toArray(String[]::new));

    assertThat(MigLayouts.check(geometry(model), layout).placeable()).isTrue();
    int nominalSum = layout.stream().mapToInt(MigLayoutsTest::nominalGb).sum();
    if (model.equals("H200")) {
      assertThat(nominalSum).as("the nominal-GB trap").isEqualTo(142).isGreaterThan(nominalGb);
    }
  }

  static Stream<Arguments> allBalanced() {
    return Stream.of(
        Arguments.of("A100-40GB", List.of("1g.5gb", "1g.5gb", "2g.10gb", "3g.20gb"), 40),
        Arguments.of("A100-80GB", List.of("1g.10gb", "1g.10gb", "2g.20gb", "3g.40gb"), 80),
        Arguments.of("H100-80GB", List.of("1g.10gb", "1g.10gb", "2g.20gb", "3g.40gb"), 80),
        Arguments.of("H100-NVL", List.of("1g.12gb", "1g.12gb", "2g.24gb", "3g.47gb"), 94),
        Arguments.of("H200", List.of("1g.18gb", "1g.18gb", "2g.35gb", "3g.71gb"), 141),
        Arguments.of("B200", List.of("1g.23gb", "1g.23gb", "2g.45gb", "3g.90gb"), 180),
        Arguments.of("A30", List.of("1g.6gb", "1g.6gb", "2g.12gb"), 24));
  }

  @Test
  void nominalGbSums_areNoTest() {
    assertThat(
            MigLayouts.check(geometry("H200"), profiles("H200", "3g.71gb", "3g.71gb")).placeable())
        .as("142 GB on a 141 GB GPU")
        .isTrue();
    assertThat(
            MigLayouts.check(
                    geometry("H100-NVL"),
                    profiles("H100-NVL", "1g.24gb", "1g.24gb", "1g.24gb", "1g.24gb"))
                .placeable())
        .as("96 GB on a 94 GB GPU")
        .isTrue();
    List<MigProfile> eightSmall = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      eightSmall.add(geometry("A100-40GB").requireProfile("1g.5gb"));
    }
    MigLayoutCheck check = MigLayouts.check(geometry("A100-40GB"), eightSmall);
    assertThat(check)
        .as("40 GB of 1g.5gb on a 40 GB GPU")
        .isEqualTo(new MigLayoutCheck.NotPlaceable("8×1g.5gb exceeds its max of 7 per A100-40GB"));
  }

  @ParameterizedTest
  @MethodSource("eightSlotModels")
  void fourGPlusThreeG_isValidWith4gAt0And3gAt4(String model) {
    MigGeometry g = geometry(model);
    MigProfile fourG = g.profiles().stream().filter(p -> p.id() == 5).findFirst().orElseThrow();
    MigProfile threeG = g.profiles().stream().filter(p -> p.id() == 9).findFirst().orElseThrow();

    MigLayoutCheck check = MigLayouts.check(g, List.of(threeG, fourG));

    assertThat(check)
        .isEqualTo(
            new MigLayoutCheck.Placeable(
                List.of(new PlacedInstance(fourG, 0), new PlacedInstance(threeG, 4))));
  }

  @Test
  void creationOrder_avoidsThe19_19_14_9Trap() {
    MigGeometry g = geometry("A100-40GB");
    List<MigProfile> asTyped = byIds(g, 19, 19, 14, 9);
    assertThat(HighestStartDriver.create(g, asTyped))
        .as("the MIG guide's failing order fails on a driver that fills from the top")
        .isFalse();

    var check = (MigLayoutCheck.Placeable) MigLayouts.check(g, asTyped);

    assertThat(check.cgiArgument()).isEqualTo("9,14,19,19");
    assertThat(
            HighestStartDriver.create(
                g, check.creationOrder().stream().map(PlacedInstance::profile).toList()))
        .isTrue();
    assertNonOverlappingAndAllowed(check.creationOrder());
  }

  @Test
  void check_explicitPlacementsWorkWhereLargestFirstAloneDoesNot() {
    // 4g + 1g.10gb(2 slices) + 2×1g.5gb: a driver may put the 2-slice 1g at 4, leaving slot 7,
    // which no 1g.5gb may start at. The planned placements avoid it.
    MigGeometry g = geometry("A100-40GB");
    var check =
        (MigLayoutCheck.Placeable)
            MigLayouts.check(g, profiles("A100-40GB", "1g.5gb", "1g.5gb", "1g.10gb", "4g.20gb"));
    assertNonOverlappingAndAllowed(check.creationOrder());
    assertThat(check.creationOrder())
        .extracting(PlacedInstance::toString)
        .containsExactly("4g.20gb@0", "1g.10gb@6", "1g.5gb@4", "1g.5gb@5");
  }

  @Test
  void mediaExtensions_atMostOnePerGpu() {
    assertThat(
            MigLayouts.check(
                geometry("A100-40GB"), profiles("A100-40GB", "1g.5gb+me", "1g.5gb+me")))
        .isEqualTo(
            new MigLayoutCheck.NotPlaceable("2×1g.5gb+me exceeds its max of 1 per A100-40GB"));
    assertThat(MigLayouts.check(geometry("A30"), profiles("A30", "1g.6gb+me", "2g.12gb+me")))
        .isInstanceOf(MigLayoutCheck.NotPlaceable.class)
        .hasToString(
            "NotPlaceable[reason=2 +me instances, but a GPU has one set of media engines, so at most"
                + " one +me instance]");
    assertThat(
            MigLayouts.check(geometry("A30"), profiles("A30", "1g.6gb+me", "1g.6gb", "2g.12gb"))
                .placeable())
        .isTrue();
  }

  @Test
  void nameCollision_1g10gbMeansDifferentProfilesPerModel() {
    List<MigProfile> sevenH100 = new ArrayList<>();
    List<MigProfile> sevenA100 = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      sevenH100.add(geometry("H100-80GB").requireProfile("1g.10gb"));
      sevenA100.add(geometry("A100-40GB").requireProfile("1g.10gb"));
    }
    assertThat(MigLayouts.check(geometry("H100-80GB"), sevenH100).placeable()).isTrue();
    assertThat(MigLayouts.check(geometry("A100-40GB"), sevenA100))
        .isEqualTo(new MigLayoutCheck.NotPlaceable("7×1g.10gb exceeds its max of 4 per A100-40GB"));
  }

  @Test
  void check_reportsTotalsAndPlacementsInItsReason() {
    assertThat(
            MigLayouts.check(
                geometry("A100-40GB"), profiles("A100-40GB", "4g.20gb", "2g.10gb", "2g.10gb")))
        .isEqualTo(new MigLayoutCheck.NotPlaceable("needs 8 compute slices, the A100-40GB has 7"));
    assertThat(
            MigLayouts.check(
                geometry("A100-40GB"), profiles("A100-40GB", "3g.20gb", "3g.20gb", "1g.5gb")))
        .isEqualTo(new MigLayoutCheck.NotPlaceable("needs 9 memory slices, the A100-40GB has 8"));
    MigGeometry g = geometry("A100-40GB");
    var fixed = List.of(new PlacedInstance(g.requireProfile("1g.5gb"), 1));
    assertThat(MigLayouts.check(g, fixed, profiles("A100-40GB", "4g.20gb")))
        .isEqualTo(
            new MigLayoutCheck.NotPlaceable(
                "no non-overlapping placement exists next to the existing instances [1g.5gb@1] for"
                    + " 4g.20gb"));
  }

  @Test
  void check_keepsFixedInstancesWhereTheyAre() {
    MigGeometry g = geometry("H100-80GB");
    var fixed = List.of(new PlacedInstance(g.requireProfile("3g.40gb"), 0));

    var check =
        (MigLayoutCheck.Placeable)
            MigLayouts.check(g, fixed, profiles("H100-80GB", "2g.20gb", "1g.20gb"));

    assertThat(check.creationOrder()).contains(fixed.get(0));
    assertNonOverlappingAndAllowed(check.creationOrder());
  }

  // ---- helpers ------------------------------------------------------------------------------

  static void assertNonOverlappingAndAllowed(List<PlacedInstance> instances) {
    int occupied = 0;
    for (PlacedInstance i : instances) {
      assertThat(i.profile().allowsStart(i.start())).isTrue();
      assertThat(occupied & i.mask()).as("overlap at %s", i).isZero();
      occupied |= i.mask();
    }
  }

  private static List<MigProfile> byIds(MigGeometry g, int... ids) {
    List<MigProfile> out = new ArrayList<>();
    for (int id : ids) {
      out.add(g.profiles().stream().filter(p -> p.id() == id).findFirst().orElseThrow());
    }
    return out;
  }

  private static int nominalGb(MigProfile p) {
    return Integer.parseInt(p.name().replaceAll(".*\\.(\\d+)gb.*", "$1"));
  }

  private static boolean withinTotals(MigGeometry g, List<MigProfile> multiset) {
    int compute = 0;
    int memory = 0;
    int me = 0;
    Map<MigProfile, Integer> counts = new java.util.HashMap<>();
    for (MigProfile p : multiset) {
      compute += p.computeSlices();
      memory += p.memorySlices();
      me += p.mediaExtensions() ? 1 : 0;
      counts.merge(p, 1, Integer::sum);
    }
    boolean countsOk =
        counts.entrySet().stream().allMatch(e -> e.getValue() <= e.getKey().maxCount());
    return countsOk && me <= 1 && compute <= g.computeSlices() && memory <= g.memorySlices();
  }

  /** Every non-empty combination of counts up to each profile's max that the checker accepts. */
  private static List<int[]> validMultisets(MigGeometry g, List<MigProfile> profiles) {
    int[] max = profiles.stream().mapToInt(MigProfile::maxCount).toArray();
    List<int[]> valid = new ArrayList<>();
    for (int[] counts : allCounts(max)) {
      if (Arrays.stream(counts).sum() > 0
          && MigLayouts.check(g, expand(profiles, counts)).placeable()) {
        valid.add(counts);
      }
    }
    return valid;
  }

  private static boolean isMaximal(MigGeometry g, List<MigProfile> profiles, int[] counts) {
    for (int i = 0; i < counts.length; i++) {
      int[] more = counts.clone();
      more[i]++;
      if (MigLayouts.check(g, expand(profiles, more)).placeable()) {
        return false;
      }
    }
    return true;
  }

  private static List<int[]> allCounts(int[] max) {
    List<int[]> out = new ArrayList<>();
    int[] counts = new int[max.length];
    while (true) {
      out.add(counts.clone());
      int i = 0;
      while (i < max.length && counts[i] == max[i]) {
        counts[i++] = 0;
      }
      if (i == max.length) {
        return out;
      }
      counts[i]++;
    }
  }

  private static List<MigProfile> expand(List<MigProfile> profiles, int[] counts) {
    List<MigProfile> out = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      for (int k = 0; k < counts[i]; k++) {
        out.add(profiles.get(i));
      }
    }
    return out;
  }

  /**
   * Every set of placements that respects the placement rule, found independently of MigLayouts.
   */
  private static List<List<PlacedInstance>> allPositionalLayouts(
      MigGeometry g, List<MigProfile> profiles) {
    List<PlacedInstance> candidates = new ArrayList<>();
    for (MigProfile p : profiles) {
      for (int start : p.starts()) {
        candidates.add(new PlacedInstance(p, start));
      }
    }
    List<List<PlacedInstance>> out = new ArrayList<>();
    enumerate(g, candidates, 0, new ArrayList<>(), 0, out);
    return out;
  }

  private static void enumerate(
      MigGeometry g,
      List<PlacedInstance> candidates,
      int next,
      List<PlacedInstance> chosen,
      int occupied,
      List<List<PlacedInstance>> out) {
    if (next == candidates.size()) {
      if (!chosen.isEmpty() && ruleHolds(g, chosen)) {
        out.add(List.copyOf(chosen));
      }
      return;
    }
    enumerate(g, candidates, next + 1, chosen, occupied, out);
    PlacedInstance c = candidates.get(next);
    if ((occupied & c.mask()) == 0) {
      chosen.add(c);
      enumerate(g, candidates, next + 1, chosen, occupied | c.mask(), out);
      chosen.remove(chosen.size() - 1);
    }
  }

  private static boolean ruleHolds(MigGeometry g, List<PlacedInstance> layout) {
    return withinTotals(g, layout.stream().map(PlacedInstance::profile).toList());
  }

  private static List<List<PlacedInstance>> maximalPositionalLayouts(
      MigGeometry g, List<MigProfile> profiles) {
    List<List<PlacedInstance>> all = allPositionalLayouts(g, profiles);
    List<List<PlacedInstance>> maximal = new ArrayList<>();
    for (List<PlacedInstance> layout : all) {
      boolean extendable = false;
      for (MigProfile p : profiles) {
        for (int start : p.starts()) {
          List<PlacedInstance> more = new ArrayList<>(layout);
          PlacedInstance extra = new PlacedInstance(p, start);
          int occupied = 0;
          for (PlacedInstance i : layout) {
            occupied |= i.mask();
          }
          if ((occupied & extra.mask()) == 0) {
            more.add(extra);
            extendable |= ruleHolds(g, more);
          }
        }
      }
      if (!extendable) {
        maximal.add(layout);
      }
    }
    return maximal;
  }

  /** A driver that, given no placement, takes the highest free allowed start. */
  static final class HighestStartDriver {
    static boolean create(MigGeometry g, List<MigProfile> inOrder) {
      int occupied = 0;
      for (MigProfile p : inOrder) {
        int chosen = -1;
        for (int s = g.memorySlices() - p.memorySlices(); s >= 0 && chosen < 0; s--) {
          int mask = ((1 << p.memorySlices()) - 1) << s;
          if (p.allowsStart(s) && (occupied & mask) == 0) {
            chosen = s;
            occupied |= mask;
          }
        }
        if (chosen < 0) {
          return false;
        }
      }
      return true;
    }
  }

  @Test
  void everyModel_isCovered() {
    assertThat(CATALOG.migModels())
        .extracting(GpuModel::name)
        .containsAll(EIGHT_SLOT)
        .contains("A30");
  }
}
