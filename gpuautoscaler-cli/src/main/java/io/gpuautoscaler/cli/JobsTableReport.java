package io.gpuautoscaler.cli;

import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.core.autoscale.AutoscaleResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code table} format of {@code simulate --jobs}: a header with the trace, node groups,
 * assumptions and seed, then one aligned row per scenario.
 */
final class JobsTableReport {
  private JobsTableReport() {}

  static void write(JobsReport r, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("GPU Autoscaler autoscaling replay (gpu-autoscaler ")
        .append(r.version())
        .append(")\n");
    for (String[] line : summary(r)) {
      sb.append("  ")
          .append(String.format(Locale.ROOT, "%-12s", line[0]))
          .append(line[1])
          .append('\n');
    }
    sb.append('\n');
    List<String[]> rows = rows(r);
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        String pad = " ".repeat(widths[c] - row[c].length());
        line.append(c == 0 ? row[c] + pad : "  " + pad + row[c]);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    sb.append('\n')
        .append(
            "vs: cost change against the baseline, negative is cheaper; util: busy / provisioned")
        .append(" GPU-hours; pending: seconds each job waited for GPUs; interrupted: jobs hit by a")
        .append(" spot interruption; lost: GPU-hours of work redone (% of busy).\n");
    for (JobsReport.Scenario s : r.scenarios()) {
      AutoscaleResult res = s.result();
      if (res.jobsNeverFinished() > 0) {
        sb.append("warning: ")
            .append(s.policy())
            .append(": ")
            .append(res.jobsNeverFinished())
            .append(" jobs never finished (they fit on no node the groups can have)\n");
      }
    }
    out.write(sb.toString());
  }

  /** The header lines: a label and its text. */
  static List<String[]> summary(JobsReport r) {
    List<String[]> lines = new ArrayList<>();
    lines.add(
        new String[] {
          "trace",
          r.traceFile()
              + " ("
              + r.traceFormat()
              + "): "
              + String.format(Locale.ROOT, "%,d", r.jobs())
              + " jobs submitted "
              + r.firstSubmit()
              + " .. "
              + r.lastSubmit()
              + ", peak concurrent demand "
              + String.format(Locale.ROOT, "%,d", r.peakConcurrentGpus())
              + " GPUs"
        });
    AutoscaleResult longest = r.scenarios().get(0).result();
    for (JobsReport.Scenario s : r.scenarios()) {
      if (s.result().span().compareTo(longest.span()) > 0) {
        longest = s.result();
      }
    }
    lines.add(
        new String[] {
          "span", JobsReport.days(longest.span()) + " simulated (first submission to last finish)"
        });
    lines.add(new String[] {"node groups", r.nodeGroupsOrigin() + "; prices: " + r.pricesOrigin()});
    for (NodeGroupsFile.Spec spec : r.groups()) {
      lines.add(new String[] {"", describe(spec)});
    }
    boolean first = true;
    for (String note : r.assumptionNotes()) {
      lines.add(new String[] {first ? "assumptions" : "", note});
      first = false;
    }
    lines.add(new String[] {"seed", Long.toString(r.seed())});
    for (String note : r.traceNotes()) {
      lines.add(new String[] {"note", note});
    }
    return lines;
  }

  /** One node group on one line. */
  static String describe(NodeGroupsFile.Spec spec) {
    NodeGroup g = spec.group();
    return String.format(
        Locale.ROOT,
        "%s: %s %s %s, %d x %s, %s, %d..%d nodes (start %d), $%s/h from %s, ready after %s%s%s",
        g.id(),
        spec.simulated().cloud().name().toLowerCase(Locale.ROOT),
        g.zone(),
        g.instanceType(),
        g.gpusPerNode(),
        g.gpuModel(),
        g.capacityType().id(),
        g.minSize(),
        g.maxSize(),
        g.targetSize(),
        plain(g.pricePerHourUsd()),
        spec.priceSource(),
        DurationSpec.format(spec.simulated().provisioningDelay()),
        spec.simulated().interruptionsPerHour() > 0
            ? ", " + plain(spec.simulated().interruptionsPerHour()) + " interruptions/node-h"
            : "",
        spec.simulated().capacityLimit() == Integer.MAX_VALUE
            ? ""
            : ", at most " + spec.simulated().capacityLimit() + " nodes available");
  }

  /** The header row, then one row per scenario. */
  static List<String[]> rows(JobsReport r) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "policy",
          "cost USD",
          "vs static-peak",
          "vs cluster-autoscaler",
          "GPU-h prov",
          "GPU-h busy",
          "util %",
          "pending p50/p95/p99 s",
          "interrupted",
          "GPU-h lost",
          "peak nodes"
        });
    double sp = r.staticPeak().costUsd();
    double ca = r.clusterAutoscaler().costUsd();
    for (JobsReport.Scenario s : r.scenarios()) {
      AutoscaleResult x = s.result();
      rows.add(
          new String[] {
            s.policy(),
            String.format(Locale.ROOT, "%,.0f", x.costUsd()),
            pct(JobsReport.versus(x.costUsd(), sp)),
            pct(JobsReport.versus(x.costUsd(), ca)),
            String.format(Locale.ROOT, "%,.0f", x.gpuHoursProvisioned()),
            String.format(Locale.ROOT, "%,.0f", x.gpuHoursBusy()),
            String.format(Locale.ROOT, "%.1f", x.utilizationPct()),
            String.format(
                Locale.ROOT,
                "%.0f / %.0f / %.0f",
                x.pendingSeconds().p50(),
                x.pendingSeconds().p95(),
                x.pendingSeconds().p99()),
            String.format(Locale.ROOT, "%,d", x.jobsInterrupted()),
            String.format(Locale.ROOT, "%,.1f (%.2f %%)", x.gpuHoursLost(), JobsReport.lostPct(x)),
            Integer.toString(x.peakNodes())
          });
    }
    return rows;
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%+.1f %%", v);
  }

  /** A number without trailing zeros or exponent: 29.38708, 0.05, 18.5138604. */
  static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
