package io.gpuautoscaler.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketsTest {
  private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void split_givesEachTouchedBucketItsShareToTheMillisecond() {
    var pieces = Buckets.MINUTE.split(T.plusSeconds(30), T.plusSeconds(150).plusMillis(250));

    assertThat(pieces)
        .containsExactly(
            new Buckets.Piece(T, 30_000),
            new Buckets.Piece(T.plusSeconds(60), 60_000),
            new Buckets.Piece(T.plusSeconds(120), 30_250));
    assertThat(Buckets.MINUTE.split(T, T)).isEmpty();
    assertThat(Buckets.MINUTE.start(T.plusSeconds(61))).isEqualTo(T.plusSeconds(60));
  }

  @Test
  void split_conservesTheSpanForRandomSpans() {
    var random = new SplittableRandom(7);
    var buckets = new Buckets(Duration.ofMinutes(5));
    for (int i = 0; i < 1_000; i++) {
      Instant from = T.plusMillis(random.nextLong(0, 86_400_000));
      Instant to = from.plusMillis(random.nextLong(0, 7_200_000));

      var pieces = buckets.split(from, to);

      assertThat(pieces.stream().mapToLong(Buckets.Piece::millis).sum())
          .isEqualTo(Duration.between(from, to).toMillis());
      pieces.forEach(p -> assertThat(p.bucketStart()).isEqualTo(buckets.start(p.bucketStart())));
    }
  }

  @Test
  void lengthsThatDoNotDivideADay_areRefused() {
    assertThatThrownBy(() -> new Buckets(Duration.ofMinutes(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("divide a day");
    assertThatThrownBy(() -> new Buckets(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
