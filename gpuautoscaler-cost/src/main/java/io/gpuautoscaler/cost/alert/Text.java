package io.gpuautoscaler.cost.alert;

import java.math.BigDecimal;
import java.util.Locale;

/** Dollars and percents in mail text, written as the alert summaries write them. */
final class Text {
  private Text() {}

  static String usd(double value) {
    return String.format(Locale.ROOT, "$%,.2f", value);
  }

  static String percent(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
