package io.gpuautoscaler.cost.model;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.PriceQuery;
import java.util.List;

/**
 * What a {@link CostCalculator} made of a sequence of observations: cost records, and the nodes it
 * could not price.
 *
 * @param records workload and idle records, ordered by interval, node, kind (workloads first) and
 *     workload uid
 * @param unpriced every node no pricing source knew, with how long it ran unpriced; such a node has
 *     no records at all, so its cost is missing rather than zero
 */
@Beta
public record CostReport(List<CostRecord> records, List<Unpriced> unpriced) {

  /**
   * A node without a price.
   *
   * @param query what the pricing source was asked
   * @param seconds how long the node ran within the observations, at least 0
   */
  public record Unpriced(PriceQuery query, double seconds) {
    public Unpriced {
      requireNonNull(query, "query");
      if (!(seconds >= 0)) {
        throw new IllegalArgumentException("seconds must be >= 0, was " + seconds);
      }
    }

    /** A sentence for a report: which node, what it is, for how long. */
    public String describe() {
      return "no price for node " + query.describe() + ", which ran " + seconds + " s";
    }
  }

  public CostReport {
    records = List.copyOf(records);
    unpriced = List.copyOf(unpriced);
  }

  /** Whether every node was priced. */
  public boolean complete() {
    return unpriced.isEmpty();
  }

  /** The sum of every record's cost, workload and idle. */
  public double totalUsd() {
    double sum = 0;
    for (CostRecord r : records) {
      sum += r.costUsd();
    }
    return sum;
  }
}
