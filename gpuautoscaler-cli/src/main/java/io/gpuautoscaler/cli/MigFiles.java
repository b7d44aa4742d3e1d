package io.gpuautoscaler.cli;

import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.sharing.GpuClient;
import io.gpuautoscaler.api.sharing.MigInstance;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
import io.gpuautoscaler.core.catalog.UnknownGpuException;
import io.gpuautoscaler.core.sharing.mig.MigLayoutCheck;
import io.gpuautoscaler.core.sharing.mig.MigLayouts;
import io.gpuautoscaler.core.sharing.mig.PlacedInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the two CSV files of {@code mig plan} (documented in {@code docs/mig.md}); every fault is
 * an {@link InputFormatException} naming the file, the line and the column.
 */
final class MigFiles {
  static final List<String> REQUEST_COLUMNS =
      List.of("id", "profile", "memory_mib", "compute_milli", "models");
  static final List<String> STATE_COLUMNS = List.of("node", "gpu", "model", "mig");

  private MigFiles() {}

  /** One data line: its number and its cells by column name. */
  private record Row(long line, Map<String, String> cells) {
    String get(String column) {
      return cells.getOrDefault(column, "");
    }
  }

  static List<SharingRequest> readRequests(Path file) {
    String source = file.toString();
    List<SharingRequest> out = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    for (Row row : rows(file, REQUEST_COLUMNS, List.of("id"))) {
      String id = row.get("id");
      if (id.isEmpty()) {
        throw new InputFormatException(source, row.line(), "id", "empty");
      }
      Long previous = seen.putIfAbsent(id, row.line());
      if (previous != null) {
        throw new InputFormatException(
            source, row.line(), "id", "'" + id + "' is already used on line " + previous);
      }
      String profile = row.get("profile");
      long memory = 0;
      int compute = 0;
      if (profile.isEmpty() || !row.get("memory_mib").isEmpty()) {
        memory = number(source, row, "memory_mib", profile.isEmpty());
      }
      if (profile.isEmpty() || !row.get("compute_milli").isEmpty()) {
        compute = (int) number(source, row, "compute_milli", profile.isEmpty());
      }
      Set<String> models = new TreeSet<>();
      for (String model : row.get("models").split("[|;]")) {
        if (!model.isBlank()) {
          models.add(model.trim());
        }
      }
      try {
        out.add(
            new SharingRequest(
                id,
                profile.isEmpty() ? Optional.empty() : Optional.of(profile),
                memory,
                compute,
                models));
      } catch (IllegalArgumentException e) {
        String column = e.getMessage().startsWith("memoryMiB") ? "memory_mib" : "compute_milli";
        throw new InputFormatException(source, row.line(), column, e.getMessage());
      }
    }
    return out;
  }

  static List<SharedGpu> readState(Path file) {
    String source = file.toString();
    GpuCatalog catalog = GpuCatalog.builtin();
    List<SharedGpu> out = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    for (Row row : rows(file, STATE_COLUMNS, STATE_COLUMNS)) {
      String node = row.get("node");
      if (node.isEmpty()) {
        throw new InputFormatException(source, row.line(), "node", "empty");
      }
      int index = (int) number(source, row, "gpu", true);
      Long previous = seen.putIfAbsent(node + "\u0000" + index, row.line());
      if (previous != null) {
        throw new InputFormatException(
            source,
            row.line(),
            "gpu",
            "GPU " + index + " of " + node + " is already on line " + previous);
      }
      String modelName = row.get("model");
      GpuModel model;
      try {
        model = catalog.require(modelName);
      } catch (UnknownGpuException e) {
        throw new InputFormatException(source, row.line(), "model", e.getMessage());
      }
      String mig = row.get("mig");
      switch (mig.toLowerCase(java.util.Locale.ROOT)) {
        case "off" -> out.add(SharedGpu.idle(node, index, modelName));
        case "busy" ->
            out.add(
                new SharedGpu(
                    node,
                    index,
                    modelName,
                    SharingMode.EXCLUSIVE,
                    1,
                    List.of(),
                    List.of(new GpuClient(node + "/" + index, model.memoryMiB(), 1000))));
        default -> {
          if (model.mig().isEmpty()) {
            throw new InputFormatException(
                source, row.line(), "mig", model.name() + " has no MIG; use off or busy");
          }
          out.add(
              SharedGpu.mig(
                  node, index, modelName, instances(source, row, model.mig().get(), mig)));
        }
      }
    }
    return out;
  }

  /**
   * {@code on} or {@code 3g.20gb@4*;1g.5gb}: profile, optional {@code @start}, {@code *} = in use.
   */
  private static List<MigInstance> instances(String source, Row row, MigGeometry mig, String text) {
    List<MigInstance> out = new ArrayList<>();
    if (text.equalsIgnoreCase("on")) {
      return out;
    }
    List<PlacedInstance> known = new ArrayList<>();
    List<MigProfile> unknown = new ArrayList<>();
    for (String raw : text.split(";")) {
      String token = raw.trim();
      boolean inUse = token.endsWith("*");
      if (inUse) {
        token = token.substring(0, token.length() - 1);
      }
      String[] parts = token.split("@", -1);
      MigProfile profile;
      try {
        profile = mig.requireProfile(parts[0]);
      } catch (UnknownGpuException e) {
        throw new InputFormatException(source, row.line(), "mig", e.getMessage());
      }
      if (parts.length == 1) {
        out.add(MigInstance.unplaced(profile.name(), inUse));
        unknown.add(profile);
      } else {
        int start;
        try {
          start = Integer.parseInt(parts[1]);
          known.add(new PlacedInstance(profile, start));
        } catch (IllegalArgumentException e) {
          throw new InputFormatException(
              source,
              row.line(),
              "mig",
              "bad placement in '" + raw.trim() + "': " + e.getMessage());
        }
        out.add(MigInstance.at(profile.name(), start, inUse));
      }
    }
    MigLayoutCheck check = MigLayouts.check(mig, known, unknown);
    if (check instanceof MigLayoutCheck.NotPlaceable bad) {
      throw new InputFormatException(
          source, row.line(), "mig", "impossible layout: " + bad.reason());
    }
    return out;
  }

  private static long number(String source, Row row, String column, boolean required) {
    String text = row.get(column);
    if (text.isEmpty()) {
      if (required) {
        throw new InputFormatException(source, row.line(), column, "missing");
      }
      return 0;
    }
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InputFormatException(
          source, row.line(), column, "expected a whole number >= 0, was '" + text + "'");
    }
  }

  /** The data rows of a CSV with a header line; {@code #} lines and blank lines are skipped. */
  private static List<Row> rows(Path file, List<String> known, List<String> required) {
    String source = file.toString();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.input("cannot read " + source + ": " + e.getMessage(), e);
    }
    List<String> header = null;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      long number = i + 1L;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> cells = new ArrayList<>();
      for (String cell : line.split(",", -1)) {
        cells.add(cell.trim());
      }
      if (header == null) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : cells) {
          if (!known.contains(name)) {
            throw new InputFormatException(
                source, number, name, "unknown column; known: " + String.join(", ", known));
          }
          if (!names.add(name)) {
            throw new InputFormatException(source, number, name, "column given twice");
          }
        }
        for (String name : required) {
          if (!names.contains(name)) {
            throw new InputFormatException(source, number, name, "the header lacks this column");
          }
        }
        header = cells;
        continue;
      }
      if (cells.size() != header.size()) {
        throw new InputFormatException(
            source, number, "", "expected " + header.size() + " cells, found " + cells.size());
      }
      Map<String, String> byName = new HashMap<>();
      for (int c = 0; c < cells.size(); c++) {
        byName.put(header.get(c), cells.get(c));
      }
      rows.add(new Row(number, byName));
    }
    if (header == null) {
      throw new InputFormatException(source, 0, "", "empty: expected a header line");
    }
    return rows;
  }
}
