package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers, for a workload about to start, whether the cost budgets that cover its namespace let it:
 * allowed, allowed on spot capacity only, or denied. What an admission webhook calls.
 *
 * <p>Implementations answer from budget state already evaluated, without I/O, so that admission
 * stays fast; they are thread-safe.
 */
@Beta
public interface BudgetGate {
  /**
   * The decision for {@code request}: the most restrictive of the budgets whose scope selects the
   * request's namespace; {@link BudgetDecision.Allowed} when none does. Deterministic for the same
   * budget state and clock reading.
   */
  BudgetDecision check(Request request);

  /**
   * A workload about to start.
   *
   * @param namespace its namespace; not blank
   * @param namespaceLabels the labels of that namespace, which budget scopes select on
   * @param workloadName its name, for the reason text; not blank
   */
  record Request(String namespace, Map<String, String> namespaceLabels, String workloadName) {
    public Request {
      requireNonNull(namespace, "namespace");
      if (namespace.isBlank()) {
        throw new IllegalArgumentException("namespace must not be blank");
      }
      namespaceLabels =
          Collections.unmodifiableMap(
              new TreeMap<>(requireNonNull(namespaceLabels, "namespaceLabels")));
      requireNonNull(workloadName, "workloadName");
      if (workloadName.isBlank()) {
        throw new IllegalArgumentException("workloadName must not be blank");
      }
    }
  }
}
