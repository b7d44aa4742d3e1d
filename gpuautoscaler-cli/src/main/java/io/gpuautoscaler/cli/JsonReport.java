package io.gpuautoscaler.cli;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuautoscaler.core.sim.PolicyResult;
import io.gpuautoscaler.core.sim.ReplayOptions;
import io.gpuautoscaler.core.sim.RunResult;
import io.gpuautoscaler.core.sim.SharingResult;
import io.gpuautoscaler.core.sim.SharingRunResult;
import io.gpuautoscaler.core.sim.SimulationReport;
import io.gpuautoscaler.core.sim.Stat;
import java.io.IOException;
import java.io.Writer;

/**
 * The {@code json} format, schema version {@value #SCHEMA_VERSION}, documented field by field in
 * {@code docs/simulate-json.md}. Within a schema version fields are only ever added, so a reader
 * must ignore fields it does not know. Built as a tree so that field order is the documented one.
 */
final class JsonReport {
  /** Raised only when a field is removed, renamed or changes meaning. */
  static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private JsonReport() {}

  static void write(ReportData data, Writer out) throws IOException {
    MAPPER.writeValue(out, tree(data));
    out.write('\n');
  }

  static ObjectNode tree(ReportData data) {
    SimulationReport s = data.simulation();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    ObjectNode generator = root.putObject("generator");
    generator.put("name", "gpu-autoscaler");
    generator.put("version", data.version());

    ObjectNode workload = root.putObject("workload");
    workload.put("description", s.workload());
    workload.put("synthetic", data.synthetic());
    workload.put("nodes", s.nodes());
    workload.put("gpus", s.gpus());
    workload.put("pods", s.pods());

    ReplayOptions o = s.options();
    ObjectNode protocol = root.putObject("protocol");
    protocol.put("tuningRatio", o.tuningRatio());
    protocol.put("maxArrivedPct", o.maxArrivedPct());
    protocol.put("targetCoverage", o.targetCoverage());

    ObjectNode bound = root.putObject("bound");
    ArrayNode boundPoints = bound.putArray("points");
    for (SimulationReport.BoundPoint point : s.bound()) {
      ObjectNode p = boundPoints.addObject();
      p.put("arrivedPct", point.arrivedPct());
      stat(p.putObject("unallocatedPct"), point.unallocatedPct());
    }

    ArrayNode results = root.putArray("results");
    for (PolicyResult result : s.results()) {
      ObjectNode r = results.addObject();
      r.put("policy", result.policy());
      ArrayNode seeds = r.putArray("seeds");
      result.seeds().forEach(seeds::add);
      ArrayNode points = r.putArray("points");
      for (PolicyResult.Point point : result.points()) {
        ObjectNode p = points.addObject();
        p.put("arrivedPct", point.arrivedPct());
        stat(p.putObject("unallocatedPct"), point.unallocatedPct());
        stat(p.putObject("fragmentationPct"), point.fragmentationPct());
      }
      ArrayNode runs = r.putArray("runs");
      for (RunResult run : result.runs()) {
        ObjectNode n = runs.addObject();
        n.put("seed", run.seed());
        n.put("pods", run.pods());
        n.put("placed", run.placed());
        n.put("failed", run.failed());
        n.put("elapsedMillis", run.elapsedMillis());
      }
    }
    data.sharing().ifPresent(report -> sharing(root.putObject("sharing"), report));
    return root;
  }

  /** The {@code sharing} object, present only when {@code --sharing} was given. */
  private static void sharing(ObjectNode node, io.gpuautoscaler.core.sim.SharingReport report) {
    ArrayNode notes = node.putArray("notes");
    report.notes().forEach(notes::add);
    ArrayNode results = node.putArray("results");
    for (SharingResult result : report.results()) {
      ObjectNode r = results.addObject();
      r.put("scheme", result.scheme().label());
      ArrayNode seeds = r.putArray("seeds");
      result.seeds().forEach(seeds::add);
      ArrayNode points = r.putArray("points");
      for (SharingResult.Point point : result.points()) {
        ObjectNode p = points.addObject();
        p.put("arrivedPct", point.arrivedPct());
        stat(p.putObject("jobsPerGpu"), point.jobsPerGpu());
        stat(p.putObject("gpusUsed"), point.gpusUsed());
        stat(p.putObject("unallocatedPct"), point.unallocatedPct());
      }
      ArrayNode runs = r.putArray("runs");
      for (SharingRunResult run : result.runs()) {
        ObjectNode n = runs.addObject();
        n.put("seed", run.seed());
        n.put("pods", run.pods());
        n.put("placed", run.placed());
        n.put("failed", run.failed());
        ObjectNode modes = n.putObject("placedByMode");
        run.placedByMode().forEach((mode, count) -> modes.put(mode.label(), count));
        ObjectNode configs = n.putObject("nodeConfigs");
        run.nodeConfigs().forEach(configs::put);
        n.put("elapsedMillis", run.elapsedMillis());
      }
    }
  }

  private static void stat(ObjectNode node, Stat stat) {
    node.put("mean", stat.mean());
    node.put("sd", stat.sd());
  }
}
