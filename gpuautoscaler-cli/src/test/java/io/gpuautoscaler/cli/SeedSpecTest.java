package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeedSpecTest {
  @Test
  void parse_expandsRangesAndListsInOrder() {
    assertThat(SeedSpec.parse("42-51").seeds())
        .containsExactly(42L, 43L, 44L, 45L, 46L, 47L, 48L, 49L, 50L, 51L);
    assertThat(SeedSpec.parse("42,44,50-51").seeds()).containsExactly(42L, 44L, 50L, 51L);
    assertThat(SeedSpec.parse(" 7 , 3 ").seeds()).containsExactly(7L, 3L);
    assertThat(SeedSpec.parse("5-5").seeds()).containsExactly(5L);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "42,4x,50     | '4x'",
        "42-         | '42-'",
        "-3          | '-3'",
        "42,,44      | ''",
        "51-42       | '51-42'",
        "1-3,2       | seed 2 is given twice",
        "0-99999     | more than 10000 seeds",
        "99999999999999999999 | '99999999999999999999'"
      })
  void parse_rejectsBadSpecsNamingTheBadPart(String spec, String expected) {
    assertThatThrownBy(() -> SeedSpec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void parse_rejectsBlank() {
    assertThatThrownBy(() -> SeedSpec.parse(" ")).hasMessageContaining("no seeds");
  }

  @Test
  void format_writesConsecutiveSeedsAsRanges() {
    assertThat(SeedSpec.format(List.of(42L, 43L, 44L, 46L, 50L, 51L))).isEqualTo("42-44,46,50-51");
    assertThat(SeedSpec.format(List.of(3L, 1L, 2L))).isEqualTo("3,1-2");
  }
}
