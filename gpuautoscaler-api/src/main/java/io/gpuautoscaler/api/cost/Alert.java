package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Locale;

/**
 * One budget alert, or the all-clear for one: what an {@link AlertChannel} delivers.
 *
 * <p>A trigger and its resolve carry the same {@code dedupKey}; it names the budget, the period and
 * the threshold, so a receiver that groups by it (PagerDuty does) sees one incident per threshold
 * per period however often the budget is evaluated.
 *
 * @param action whether the threshold was reached, or is no longer reached
 * @param thresholdPercent the threshold, in percent of the budget's amount
 * @param severity how urgent it is
 * @param dedupKey stable id of the (budget, period, threshold); 1..255 characters
 * @param summary one line a person reads first; not blank
 * @param evaluation the evaluation that raised or cleared it
 */
@Beta
public record Alert(
    Action action,
    double thresholdPercent,
    Severity severity,
    String dedupKey,
    String summary,
    BudgetEvaluation evaluation) {

  public Alert {
    requireNonNull(action, "action");
    if (!(thresholdPercent > 0)) {
      throw new IllegalArgumentException("thresholdPercent must be > 0, was " + thresholdPercent);
    }
    requireNonNull(severity, "severity");
    requireNonNull(dedupKey, "dedupKey");
    if (dedupKey.isEmpty() || dedupKey.length() > 255) {
      throw new IllegalArgumentException(
          "dedupKey must have 1..255 characters, had " + dedupKey.length());
    }
    requireNonNull(summary, "summary");
    if (summary.isBlank()) {
      throw new IllegalArgumentException("summary must not be blank");
    }
    requireNonNull(evaluation, "evaluation");
  }

  /** The budget's name. */
  public String budgetName() {
    return evaluation.budget().name();
  }

  /** Raised or cleared. */
  public enum Action {
    /** The threshold was reached in this period. */
    TRIGGER,
    /** The threshold is no longer reached: the period ended, or the amount or costs changed. */
    RESOLVE
  }

  /** PagerDuty's severities, which the other channels reuse as words. */
  public enum Severity {
    CRITICAL,
    ERROR,
    WARNING,
    INFO;

    /** The lowercase word: {@code critical}, {@code error}, {@code warning}, {@code info}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
