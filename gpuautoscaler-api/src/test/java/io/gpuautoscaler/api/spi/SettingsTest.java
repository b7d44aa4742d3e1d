package io.gpuautoscaler.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final Settings SETTINGS =
      Settings.of(
          Map.of(
              "seed", " 42 ",
              "big", "9999999999",
              "ratio", "1.3",
              "flag", "TRUE",
              "word", "abc",
              "inf", "Infinity"));

  @Test
  void empty_hasNoEntriesAndGivesDefaults() {
    Settings empty = Settings.empty();

    assertThat(empty.asMap()).isEmpty();
    assertThat(empty.get("seed")).isEmpty();
    assertThat(empty.getLong("seed", 7)).isEqualTo(7);
    assertThat(empty.getInt("seed", 8)).isEqualTo(8);
    assertThat(empty.getDouble("ratio", 0.5)).isEqualTo(0.5);
    assertThat(empty.getBoolean("flag", true)).isTrue();
  }

  @Test
  void typedGetters_parseTrimmedValues() {
    assertThat(SETTINGS.getLong("seed", 0)).isEqualTo(42);
    assertThat(SETTINGS.getInt("seed", 0)).isEqualTo(42);
    assertThat(SETTINGS.getLong("big", 0)).isEqualTo(9_999_999_999L);
    assertThat(SETTINGS.getDouble("ratio", 0)).isEqualTo(1.3);
    assertThat(SETTINGS.getBoolean("flag", false)).isTrue();
    assertThat(SETTINGS.get("word")).contains("abc");
  }

  @Test
  void getLong_failsNamingTheKeyAndValue() {
    assertThatThrownBy(() -> SETTINGS.getLong("word", 0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("setting 'word' must be an integer, was 'abc'");
  }

  @Test
  void getInt_failsOutsideTheIntRange() {
    assertThatThrownBy(() -> SETTINGS.getInt("big", 0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("setting 'big' is out of the int range: 9999999999");
  }

  @Test
  void getDouble_failsForNonNumbersAndInfinity() {
    assertThatThrownBy(() -> SETTINGS.getDouble("word", 0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("setting 'word' must be a finite number, was 'abc'");
    assertThatThrownBy(() -> SETTINGS.getDouble("inf", 0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("setting 'inf' must be a finite number, was 'Infinity'");
  }

  @Test
  void getBoolean_acceptsOnlyTrueOrFalse() {
    assertThatThrownBy(() -> SETTINGS.getBoolean("seed", false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("setting 'seed' must be true or false, was ' 42 '");
  }

  @Test
  void requireOnly_passesKnownKeys() {
    assertThat(SETTINGS.requireOnly("test", "seed", "big", "ratio", "flag", "word", "inf", "extra"))
        .isSameAs(SETTINGS);
  }

  @Test
  void requireOnly_failsNamingUnknownAndKnownKeys() {
    Settings settings = Settings.of(Map.of("sed", "1", "seed", "2", "zzz", "3"));

    assertThatThrownBy(
            () -> settings.requireOnly("packing strategy fgd", "target-workload", "seed"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "packing strategy fgd does not understand setting(s) [sed, zzz]; it knows [seed,"
                + " target-workload]");
  }

  @Test
  void requireOnly_withNoKnownKeys_saysNone() {
    assertThatThrownBy(() -> SETTINGS.requireOnly("first-fit"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageEndingWith("; it knows none");
  }

  @Test
  void of_copiesTheEntries() {
    Map<String, String> source = new HashMap<>(Map.of("a", "1"));
    Settings settings = Settings.of(source);

    source.put("b", "2");

    assertThat(settings.asMap()).containsExactly(Map.entry("a", "1"));
    assertThatThrownBy(() -> settings.asMap().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void of_rejectsBlankKeysAndNullValues() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);

    assertThatThrownBy(() -> Settings.of(Map.of(" ", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-blank keys");
    assertThatThrownBy(() -> Settings.of(nullValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("settings need non-blank keys and values: k");
  }

  @Test
  void with_returnsACopyWithTheEntry() {
    Settings base = Settings.of(Map.of("a", "1"));

    Settings more = base.with("b", "2").with("a", "3");

    assertThat(base.asMap()).containsExactly(Map.entry("a", "1"));
    assertThat(more.asMap()).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    assertThat(more)
        .isEqualTo(Settings.of(Map.of("b", "2", "a", "3")))
        .hasSameHashCodeAs(Settings.of(Map.of("a", "3", "b", "2")));
    assertThat(more).hasToString("Settings{a=3, b=2}");
  }

  @Test
  void with_aBlankKey_fails() {
    assertThatThrownBy(() -> Settings.empty().with(" ", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("settings need non-blank keys");
  }
}
