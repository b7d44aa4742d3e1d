package io.gpuautoscaler.cli;

import io.gpuautoscaler.core.sim.PolicyResult;
import io.gpuautoscaler.core.sim.SharingReplay;
import io.gpuautoscaler.core.sim.SharingReport;
import io.gpuautoscaler.core.sim.SharingResult;
import io.gpuautoscaler.core.sim.SharingRunResult;
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
    if (data.sharing().isPresent()) {
      sharing(sb, data);
    }
    if (data.hasPacking()) {
      packing(sb, data);
    }
    out.write(sb.toString());
  }

  /** The sharing section: one row per scheme, then the modes, configs and notes. */
  private static void sharing(StringBuilder sb, ReportData data) {
    sb.append("GPU sharing: jobs per GPU (running GPU pods / GPUs with any pod), GPUs used and")
        .append(" unallocated GPU % at arrived workload x % (mean±sd over seeds)\n");
    align(sb, sharingRows(data));
    sb.append('\n');
    SharingReport report = data.sharing().orElseThrow();
    for (SharingResult result : report.results()) {
      SharingRunResult first = result.runs().get(0);
      sb.append("  ")
          .append(result.scheme().label())
          .append(", seed ")
          .append(first.seed())
          .append(": pods placed by mode ")
          .append(SharingReplay.describeModes(first.placedByMode()))
          .append(first.nodeConfigs().isEmpty() ? "" : "; node configs " + first.nodeConfigs())
          .append('\n');
    }
    for (String note : report.notes()) {
      sb.append("  note: ").append(note).append('\n');
    }
    sb.append('\n');
  }

  /** The header row, then one row per sharing scheme. */
  static List<String[]> sharingRows(ReportData data) {
    int[] points = data.sharingPoints();
    int columns = 1 + 3 * points.length + 1;
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[columns];
    header[0] = "sharing";
    int c = 1;
    for (int x : points) {
      header[c++] = "jobs/GPU@" + x;
    }
    for (int x : points) {
      header[c++] = "GPUs used@" + x;
    }
    for (int x : points) {
      header[c++] = "unalloc@" + x;
    }
    header[c] = "failed";
    rows.add(header);
    for (SharingResult result : data.sharing().orElseThrow().results()) {
      String[] row = new String[columns];
      row[0] = result.scheme().label();
      c = 1;
      for (int x : points) {
        row[c++] = ReportData.meanSd(result.at(x).jobsPerGpu());
      }
      for (int x : points) {
        var used = result.at(x).gpusUsed();
        row[c++] = String.format(Locale.ROOT, "%.0f±%.0f", used.mean(), used.sd());
      }
      for (int x : points) {
        row[c++] = ReportData.meanSd(result.at(x).unallocatedPct());
      }
      row[c] = ReportData.fixed1(result.failedMean());
      rows.add(row);
    }
    return rows;
  }

  private static void packing(StringBuilder sb, ReportData data) {
    sb.append("Unallocated GPU % at arrived workload x % of GPU capacity (mean±sd over seeds)\n");
    align(sb, rows(data));
    sb.append('\n');
    sb.append("ideal: 100 - x; bound: the least unallocated GPU % any packer could reach with")
        .append(" the pods arrived (a proven limit, docs/packing-strategies.md);\n")
        .append("frag@x: fragmented GPU (FGD's measure) as % of capacity at arrived x %;")
        .append(" failed: pods that fit nowhere on arrival, mean per run.\n");
  }

  private static void align(StringBuilder sb, List<String[]> rows) {
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
