package io.gpuautoscaler.cost.budget;

import java.math.BigDecimal;
import java.util.Locale;

/** How budgets print dollars and percents in alerts and gate reasons: the same everywhere. */
final class Money {
  private Money() {}

  static String usd(double value) {
    return String.format(Locale.ROOT, "$%,.2f", value);
  }

  /** {@code 80.0 -> "80"}, {@code 87.5 -> "87.5"}: percents as people write them. */
  static String percent(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
