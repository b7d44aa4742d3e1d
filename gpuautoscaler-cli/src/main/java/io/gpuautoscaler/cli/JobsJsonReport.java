package io.gpuautoscaler.cli;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.core.autoscale.AutoscaleResult;
import java.io.IOException;
import java.io.Writer;

/**
 * The {@code json} format of {@code simulate --jobs}, schema version {@value #SCHEMA_VERSION},
 * documented field by field in {@code docs/simulate-jobs.md}. Within a schema version fields are
 * only added. Nothing in it depends on the clock or the machine, so the same inputs and seed give
 * the same bytes.
 */
final class JobsJsonReport {
  /** Raised only when a field is removed, renamed or changes meaning. */
  static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private JobsJsonReport() {}

  static void write(JobsReport r, Writer out) throws IOException {
    MAPPER.writeValue(out, tree(r));
    out.write('\n');
  }

  static ObjectNode tree(JobsReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("mode", "autoscale");
    ObjectNode generator = root.putObject("generator");
    generator.put("name", "gpu-autoscaler");
    generator.put("version", r.version());

    ObjectNode trace = root.putObject("trace");
    trace.put("file", r.traceFile());
    trace.put("format", r.traceFormat());
    trace.put("jobs", r.jobs());
    trace.put("firstSubmit", r.firstSubmit().toString());
    trace.put("lastSubmit", r.lastSubmit().toString());
    trace.put("peakConcurrentGpus", r.peakConcurrentGpus());
    ArrayNode notes = trace.putArray("notes");
    r.traceNotes().forEach(notes::add);

    ObjectNode assumptions = root.putObject("assumptions");
    assumptions.put("checkpointEvery", r.checkpointLabel());
    if (r.checkpointEvery().isPresent()) {
      assumptions.put("checkpointEverySeconds", r.checkpointEvery().get().toSeconds());
    } else {
      assumptions.putNull("checkpointEverySeconds");
    }
    ArrayNode assumed = assumptions.putArray("notes");
    r.assumptionNotes().forEach(assumed::add);

    root.put("seed", r.seed());
    root.put("sampleStepSeconds", r.sampleStep().toSeconds());
    root.put("nodeGroupsSource", r.nodeGroupsOrigin());
    root.put("pricesSource", r.pricesOrigin());
    ArrayNode groups = root.putArray("nodeGroups");
    for (NodeGroupsFile.Spec spec : r.groups()) {
      NodeGroup g = spec.group();
      ObjectNode n = groups.addObject();
      n.put("id", g.id());
      n.put("cloud", spec.simulated().cloud().name().toLowerCase(java.util.Locale.ROOT));
      n.put("region", spec.region());
      n.put("zone", g.zone());
      n.put("instanceType", g.instanceType());
      n.put("gpuModel", g.gpuModel());
      n.put("gpusPerNode", g.gpusPerNode());
      n.put("cpuMilliPerNode", g.cpuMilliPerNode());
      n.put("memoryMibPerNode", g.memoryMibPerNode());
      n.put("capacityType", g.capacityType().id());
      n.put("min", g.minSize());
      n.put("max", g.maxSize());
      n.put("initial", g.targetSize());
      n.put("pricePerHourUsd", g.pricePerHourUsd());
      n.put("priceSource", spec.priceSource());
      n.put("provisioningDelaySeconds", spec.simulated().provisioningDelay().toSeconds());
      n.put("interruptionsPerHour", spec.simulated().interruptionsPerHour());
      if (spec.simulated().capacityLimit() == Integer.MAX_VALUE) {
        n.putNull("capacityLimit");
      } else {
        n.put("capacityLimit", spec.simulated().capacityLimit());
      }
    }

    double sp = r.staticPeak().costUsd();
    double ca = r.clusterAutoscaler().costUsd();
    ArrayNode results = root.putArray("results");
    for (JobsReport.Scenario s : r.scenarios()) {
      AutoscaleResult x = s.result();
      ObjectNode n = results.addObject();
      n.put("policy", s.policy());
      ArrayNode ids = n.putArray("nodeGroups");
      s.groupIds().forEach(ids::add);
      n.put("costUsd", x.costUsd());
      n.put("vsStaticPeakPct", JobsReport.versus(x.costUsd(), sp));
      n.put("vsClusterAutoscalerPct", JobsReport.versus(x.costUsd(), ca));
      ObjectNode byGroup = n.putObject("costUsdByGroup");
      x.costUsdByGroup().forEach(byGroup::put);
      n.put("gpuHoursProvisioned", x.gpuHoursProvisioned());
      n.put("gpuHoursBusy", x.gpuHoursBusy());
      n.put("utilizationPct", x.utilizationPct());
      ObjectNode pending = n.putObject("pendingSeconds");
      pending.put("p50", x.pendingSeconds().p50());
      pending.put("p95", x.pendingSeconds().p95());
      pending.put("p99", x.pendingSeconds().p99());
      n.put("jobs", x.jobs());
      n.put("jobsFinished", x.jobsFinished());
      n.put("jobsNeverFinished", x.jobsNeverFinished());
      n.put("jobsInterrupted", x.jobsInterrupted());
      n.put("jobsEvicted", x.jobsEvicted());
      n.put("gpuHoursLost", x.gpuHoursLost());
      n.put("gpuHoursLostPctOfBusy", JobsReport.lostPct(x));
      n.put("gpuHoursLostToInterruptions", x.gpuHoursLostToInterruptions());
      n.put("start", x.start().toString());
      n.put("end", x.end().toString());
      n.put("spanSeconds", x.span().toSeconds());
      n.put("peakNodes", x.peakNodes());
      n.put("scaleUps", x.scaleUps());
      n.put("nodesAdded", x.nodesAdded());
      n.put("nodesRemoved", x.nodesRemoved());
      n.put("interruptionNotices", x.interruptionNotices());
      n.put("insufficientCapacityEvents", x.insufficientCapacityEvents());
      n.put("decisions", x.decisions());
      ArrayNode reasons = n.putArray("sampleReasons");
      x.sampleReasons().forEach(reasons::add);
    }
    return root;
  }
}
