package io.gpuautoscaler.core.forecast;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * Demand series read or built from one source, with what was noticed about the data.
 *
 * @param source the file, directory or other input
 * @param series the series, totals first, then the teams sorted by key
 * @param notes facts a reader of results should know (which columns were used, outages, extra
 *     columns), one sentence each
 */
@Beta
public record DemandData(String source, List<DemandSeries> series, List<String> notes) {
  public DemandData {
    requireNonNull(source, "source");
    series = List.copyOf(series);
    notes = List.copyOf(notes);
  }
}
