package io.gpuautoscaler.core.trace;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the CSV files of the Alibaba GPU cluster trace v2023 ("openb"): a node list ({@code
 * sn,cpu_milli,memory_mib,gpu,model}) and a pod list, either the 5-column form ({@code
 * name,cpu_milli,memory_mib,num_gpu,gpu_milli}) or the 11-column form that adds {@code
 * gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time}.
 *
 * <p>Columns are found by the header, so their order does not matter; an unknown or missing column,
 * a line with the wrong number of fields, a value that is not a number or out of range, a duplicate
 * name or a blank line fails with an {@link InputFormatException} that gives the file, the line and
 * the column. Nothing is skipped. An empty {@code model} or {@code gpu_spec}, or the pandas
 * export's {@code nan}, means "none". Stateless and thread-safe.
 */
@Beta
public final class OpenbTraceReader {
  /** The default trace's node list file name. */
  public static final String NODE_FILE = "openb_node_list_gpu_node.csv";

  /** The default trace's pod list file name. */
  public static final String POD_FILE = "openb_pod_list_default.csv";

  private static final List<String> NODE_COLUMNS =
      List.of("sn", "cpu_milli", "memory_mib", "gpu", "model");
  private static final List<String> POD_REQUIRED =
      List.of("name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli");
  private static final List<String> POD_OPTIONAL =
      List.of("gpu_spec", "qos", "pod_phase", "creation_time", "deletion_time", "scheduled_time");

  private OpenbTraceReader() {}

  /**
   * Reads {@link #NODE_FILE} and {@link #POD_FILE} from {@code directory}.
   *
   * @throws InputFormatException for malformed content
   * @throws UncheckedIOException when a file cannot be read
   */
  public static Trace readDirectory(Path directory) {
    return read(directory.resolve(NODE_FILE), directory.resolve(POD_FILE));
  }

  /**
   * Reads a node list and a pod list.
   *
   * @throws InputFormatException for malformed content
   * @throws UncheckedIOException when a file cannot be read
   */
  public static Trace read(Path nodeFile, Path podFile) {
    List<GpuNode> nodes;
    List<TracePod> pods;
    try (BufferedReader r = Files.newBufferedReader(nodeFile, StandardCharsets.UTF_8)) {
      nodes = readNodes(r, nodeFile.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read node list " + nodeFile + ": " + e.getMessage(), e);
    }
    try (BufferedReader r = Files.newBufferedReader(podFile, StandardCharsets.UTF_8)) {
      pods = readPods(r, podFile.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pod list " + podFile + ": " + e.getMessage(), e);
    }
    return new Trace(nodeFile.getFileName() + " + " + podFile.getFileName(), nodes, pods);
  }

  /**
   * Reads a node list.
   *
   * @param source the file name, for messages
   */
  public static List<GpuNode> readNodes(BufferedReader reader, String source) throws IOException {
    Csv csv = new Csv(reader, source);
    Map<String, Integer> columns = csv.header(NODE_COLUMNS, List.of());
    List<GpuNode> nodes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String[] f = csv.next(); f != null; f = csv.next()) {
      String name = csv.text(f, columns, "sn");
      if (!names.add(name)) {
        throw csv.error("sn", "duplicate node name '" + name + "'");
      }
      long cpu = csv.number(f, columns, "cpu_milli", 0, Long.MAX_VALUE);
      long mem = csv.number(f, columns, "memory_mib", 0, Long.MAX_VALUE);
      int gpus = (int) csv.number(f, columns, "gpu", 0, 1024);
      String model = none(f[columns.get("model")]);
      if (gpus > 0 && model.isEmpty()) {
        throw csv.error("model", "a node with " + gpus + " GPUs needs a GPU model");
      }
      if (gpus == 0 && !model.isEmpty()) {
        throw csv.error("model", "a node without GPUs cannot have GPU model '" + model + "'");
      }
      nodes.add(new GpuNode(name, cpu, mem, gpus, model, Map.of()));
    }
    return nodes;
  }

  /**
   * Reads a pod list, 5- or 11-column.
   *
   * @param source the file name, for messages
   */
  public static List<TracePod> readPods(BufferedReader reader, String source) throws IOException {
    Csv csv = new Csv(reader, source);
    Map<String, Integer> columns = csv.header(POD_REQUIRED, POD_OPTIONAL);
    List<TracePod> pods = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String[] f = csv.next(); f != null; f = csv.next()) {
      String name = csv.text(f, columns, "name");
      if (!names.add(name)) {
        throw csv.error("name", "duplicate pod name '" + name + "'");
      }
      long cpu = csv.number(f, columns, "cpu_milli", 0, Long.MAX_VALUE);
      long mem = csv.number(f, columns, "memory_mib", 0, Long.MAX_VALUE);
      int gpus = (int) csv.number(f, columns, "num_gpu", 0, 1024);
      int milli = (int) csv.number(f, columns, "gpu_milli", 0, Workload.WHOLE_GPU_MILLI);
      if (gpus == 0 && milli != 0) {
        throw csv.error("gpu_milli", "must be 0 for a pod with num_gpu 0, was " + milli);
      }
      if (gpus > 0 && milli == 0) {
        throw csv.error("gpu_milli", "must be 1..1000 for a pod with num_gpu " + gpus + ", was 0");
      }
      if (gpus > 1 && milli != Workload.WHOLE_GPU_MILLI) {
        throw csv.error(
            "gpu_milli", "must be 1000 for a pod with num_gpu " + gpus + ", was " + milli);
      }
      Set<String> models = new TreeSet<>();
      Map<String, String> labels = new LinkedHashMap<>();
      if (columns.containsKey("gpu_spec")) {
        String spec = none(f[columns.get("gpu_spec")]);
        if (!spec.isEmpty()) {
          for (String model : spec.split("\\|", -1)) {
            if (model.isBlank()) {
              throw csv.error("gpu_spec", "empty model in '" + spec + "'");
            }
            models.add(model.trim());
          }
        }
      }
      if (columns.containsKey("qos") && !f[columns.get("qos")].isBlank()) {
        labels.put(TracePod.QOS_LABEL, f[columns.get("qos")].trim());
      }
      if (columns.containsKey("pod_phase") && !f[columns.get("pod_phase")].isBlank()) {
        labels.put(TracePod.PHASE_LABEL, f[columns.get("pod_phase")].trim());
      }
      Workload workload =
          Workload.builder(name)
              .cpuMilli(cpu)
              .memoryMib(mem)
              .gpus(gpus, milli)
              .allowedGpuModels(models)
              .labels(labels)
              .build();
      pods.add(
          new TracePod(
              workload,
              csv.optionalTime(f, columns, "creation_time"),
              csv.optionalTime(f, columns, "deletion_time"),
              csv.optionalTime(f, columns, "scheduled_time")));
    }
    return pods;
  }

  private static String none(String value) {
    String v = value.trim();
    return v.equalsIgnoreCase("nan") ? "" : v;
  }

  /** A minimal reader for the trace's CSV dialect: comma-separated, no quoting, one header. */
  private static final class Csv {
    private final BufferedReader reader;
    private final String source;
    private long line;
    private int width;

    Csv(BufferedReader reader, String source) {
      this.reader = reader;
      this.source = source;
    }

    Map<String, Integer> header(List<String> required, List<String> optional) throws IOException {
      String text = reader.readLine();
      line = 1;
      if (text == null) {
        throw new InputFormatException(source, 0, "", "the file is empty; expected a header");
      }
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      String[] names = text.split(",", -1);
      Map<String, Integer> columns = new HashMap<>();
      for (int i = 0; i < names.length; i++) {
        String name = names[i].trim();
        if (!required.contains(name) && !optional.contains(name)) {
          throw new InputFormatException(
              source,
              line,
              name,
              "unknown column; expected "
                  + required
                  + (optional.isEmpty() ? "" : " and optionally " + optional));
        }
        if (columns.put(name, i) != null) {
          throw new InputFormatException(source, line, name, "column appears twice");
        }
      }
      for (String name : required) {
        if (!columns.containsKey(name)) {
          throw new InputFormatException(
              source,
              line,
              name,
              "required column is missing; header is " + Arrays.toString(names));
        }
      }
      width = names.length;
      return columns;
    }

    String[] next() throws IOException {
      String text = reader.readLine();
      if (text == null) {
        return null;
      }
      line++;
      if (text.isBlank()) {
        throw error("", "blank line");
      }
      if (text.indexOf('"') >= 0) {
        throw error("", "quoted fields are not supported in this format");
      }
      String[] fields = text.split(",", -1);
      if (fields.length != width) {
        throw error("", "expected " + width + " fields, found " + fields.length);
      }
      return fields;
    }

    String text(String[] f, Map<String, Integer> columns, String column) {
      String value = f[columns.get(column)].trim();
      if (value.isEmpty()) {
        throw error(column, "must not be empty");
      }
      return value;
    }

    long number(String[] f, Map<String, Integer> columns, String column, long min, long max) {
      String raw = f[columns.get(column)].trim();
      long value;
      try {
        value = Long.parseLong(raw);
      } catch (NumberFormatException e) {
        throw error(column, "expected an integer, found '" + raw + "'");
      }
      if (value < min || value > max) {
        throw error(column, "must be in " + min + ".." + max + ", was " + value);
      }
      return value;
    }

    OptionalLong optionalTime(String[] f, Map<String, Integer> columns, String column) {
      if (!columns.containsKey(column) || f[columns.get(column)].trim().isEmpty()) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(number(f, columns, column, 0, Long.MAX_VALUE));
    }

    InputFormatException error(String column, String problem) {
      return new InputFormatException(source, line, column, problem);
    }
  }
}
