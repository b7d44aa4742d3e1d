package io.gpuautoscaler.cost.alert;

import io.gpuautoscaler.api.cost.Alert;
import io.gpuautoscaler.api.cost.BudgetEvaluation;
import java.util.Locale;

/** The alert as JSON fields: the webhook's body and PagerDuty's {@code custom_details}. */
final class AlertJson {
  private AlertJson() {}

  static Json of(Alert alert) {
    BudgetEvaluation e = alert.evaluation();
    return new Json()
        .put("budget", alert.budgetName())
        .put("action", alert.action().name().toLowerCase(Locale.ROOT))
        .put("dedupKey", alert.dedupKey())
        .put("thresholdPercent", alert.thresholdPercent())
        .put("severity", alert.severity().id())
        .put("summary", alert.summary())
        .put("state", e.state().name().toLowerCase(Locale.ROOT))
        .put("spentUsd", round(e.spentUsd()))
        .put("amountUsd", e.budget().amountUsd())
        .put("forecastUsd", round(e.forecastUsd()))
        .put("burnRateUsdPerHour", round(e.burnRateUsdPerHour()))
        .put("periodStart", e.window().start().toString())
        .put("periodEnd", e.window().end().toString())
        .put("evaluatedAt", e.evaluatedAt().toString())
        .put("enforcement", e.budget().enforcement().id());
  }

  /** Cents: what a person reads, and no float noise in the body. */
  private static double round(double usd) {
    return Math.round(usd * 100) / 100.0;
  }
}
