package io.gpuautoscaler.cli;

import io.gpuautoscaler.core.sim.PolicyResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code table} format: a header, then one aligned row per policy under the Ideal line. */
final class TableReport {
  private TableReport() {}

  static void write(ReportData data, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("GPU Autoscaler trace replay (gpu-autoscaler ").append(data.version()).append(")\n");
    for (String[] line : data.summary()) {
      sb.append("  ")
          .append(String.format(Locale.ROOT, "%-9s", line[0]))
          .append(' ')
          .append(line[1]);
      sb.append('\n');
    }
    sb.append('\n');
    sb.append("Unallocated GPU % at arrived workload x % of GPU capacity (mean±sd over seeds)\n");
    List<String[]> rows = rows(data);
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].codePointCount(0, row[c].length()));
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        int pad = widths[c] - row[c].codePointCount(0, row[c].length());
        if (c > 0) {
          line.append("  ").append(" ".repeat(pad)).append(row[c]);
        } else {
          line.append(row[c]).append(" ".repeat(pad));
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    sb.append('\n');
    sb.append("ideal: 100 - x; bound: the least unallocated GPU % any packer could reach with")
        .append(" the pods arrived (a proven limit, docs/packing-strategies.md);\n")
        .append("frag@x: fragmented GPU (FGD's measure) as % of capacity at arrived x %;")
        .append(" failed: pods that fit nowhere on arrival, mean per run.\n");
    out.write(sb.toString());
  }

  /** The header row, the Ideal and bound rows, then one row per policy. */
  static List<String[]> rows(ReportData data) {
    int[] points = data.tablePoints();
    int[] frag = data.fragmentationPoints();
    int columns = 1 + points.length + frag.length + 1;
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[columns];
    String[] ideal = new String[columns];
    header[0] = "policy";
    ideal[0] = "ideal";
    int c = 1;
    for (int x : points) {
      header[c] = "x=" + x;
      ideal[c++] = ReportData.fixed2(ReportData.ideal(x));
    }
    for (int x : frag) {
      header[c] = "frag@" + x;
      ideal[c++] = "-";
    }
    header[c] = "failed";
    ideal[c] = "-";
    String[] bound = new String[columns];
    bound[0] = "bound";
    c = 1;
    for (int x : points) {
      bound[c++] = ReportData.meanSd(data.simulation().bound().get(x).unallocatedPct());
    }
    while (c < columns) {
      bound[c++] = "-";
    }
    rows.add(header);
    rows.add(ideal);
    rows.add(bound);
    for (PolicyResult result : data.simulation().results()) {
      String[] row = new String[columns];
      row[0] = result.policy();
      c = 1;
      for (int x : points) {
        row[c++] = ReportData.meanSd(result.at(x).unallocatedPct());
      }
      for (int x : frag) {
        row[c++] = ReportData.meanSd(result.at(x).fragmentationPct());
      }
      row[c] = ReportData.fixed1(ReportData.failedMean(result));
      rows.add(row);
    }
    return rows;
  }
}
