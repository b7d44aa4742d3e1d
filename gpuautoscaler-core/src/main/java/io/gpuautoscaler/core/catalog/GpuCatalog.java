package io.gpuautoscaler.core.catalog;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.InputFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The GPU models the library knows, read from data: the built-in {@code gpu-models.txt} shipped in
 * this package, or a file in the same format (documented at the top of the built-in one).
 *
 * <p>Models are found by short name ({@code A100-40GB}), alias ({@code V100M16}, from the Alibaba
 * trace) or GPU operator product label ({@code NVIDIA-A100-SXM4-40GB}), ignoring case; a product
 * label with GFD's {@code -MIG-<profile>} or {@code -SHARED} suffix finds its model too. Immutable
 * and thread-safe.
 */
@Beta
public final class GpuCatalog {
  private static final String RESOURCE = "gpu-models.txt";
  private static final Pattern PROFILE_NAME = Pattern.compile("[1-9][0-9]*g\\.[0-9]+gb(\\+me)?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern PCI_ID = Pattern.compile("0x[0-9A-F]{4}10DE");

  private final List<GpuModel> models;
  private final Map<String, GpuModel> byKey;

  private GpuCatalog(List<GpuModel> models, Map<String, GpuModel> byKey) {
    this.models = List.copyOf(models);
    this.byKey = Map.copyOf(byKey);
  }

  private static final class Builtin {
    static final GpuCatalog INSTANCE = load();

    private static GpuCatalog load() {
      try (InputStream in = GpuCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from gpuautoscaler-core");
        }
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return parse(RESOURCE, reader.lines().toList());
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + RESOURCE, e);
      }
    }
  }

  /** The catalog shipped with the library, read once. */
  public static GpuCatalog builtin() {
    return Builtin.INSTANCE;
  }

  /**
   * Reads a catalog in the {@code gpu-models.txt} format.
   *
   * @param source the file name, for messages
   * @param lines the file's lines
   * @throws InputFormatException naming the source, line and field of the first fault
   */
  public static GpuCatalog parse(String source, List<String> lines) {
    requireNonNull(source, "source");
    requireNonNull(lines, "lines");
    return new Parser(source).parse(lines);
  }

  /** Every model, in file order. */
  public List<GpuModel> models() {
    return models;
  }

  /** The MIG-capable models, in file order. */
  public List<GpuModel> migModels() {
    return models.stream().filter(GpuModel::migCapable).toList();
  }

  /** The short names of every model, in file order. */
  public List<String> names() {
    return models.stream().map(GpuModel::name).toList();
  }

  /**
   * The model with this short name, alias or product label (case-insensitive; GFD's {@code
   * -MIG-<profile>} and {@code -SHARED} suffixes are ignored), if any.
   */
  public Optional<GpuModel> find(String nameOrProduct) {
    requireNonNull(nameOrProduct, "nameOrProduct");
    String key = key(nameOrProduct);
    GpuModel model = byKey.get(key);
    if (model == null && key.endsWith("-shared")) {
      key = key.substring(0, key.length() - "-shared".length());
      model = byKey.get(key);
    }
    int mig = key.indexOf("-mig-");
    if (model == null && mig > 0) {
      model = byKey.get(key.substring(0, mig));
    }
    return Optional.ofNullable(model);
  }

  /**
   * The model with this short name, alias or product label.
   *
   * @throws UnknownGpuException listing the known short names when there is none
   */
  public GpuModel require(String nameOrProduct) {
    return find(nameOrProduct)
        .orElseThrow(
            () ->
                new UnknownGpuException(
                    UnknownGpuException.Kind.MODEL, nameOrProduct, "", names()));
  }

  /**
   * The MIG profile {@code profile} of model {@code model}.
   *
   * @throws UnknownGpuException when the model is unknown or not MIG-capable, or has no such
   *     profile; the message lists the names that exist
   */
  public MigProfile requireProfile(String model, String profile) {
    return requireMig(model).requireProfile(profile);
  }

  /**
   * The MIG geometry of {@code model}.
   *
   * @throws UnknownGpuException when the model is unknown or not MIG-capable
   */
  public MigGeometry requireMig(String model) {
    GpuModel found = require(model);
    return found
        .mig()
        .orElseThrow(
            () ->
                new UnknownGpuException(
                    UnknownGpuException.Kind.MIG_MODEL,
                    found.name(),
                    "",
                    migModels().stream().map(GpuModel::name).toList()));
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "GpuCatalog" + names();
  }

  /** One pass over the lines; every fault names source:line and the field. */
  private static final class Parser {
    private static final Set<String> MODEL_FIELDS =
        Set.of(
            "name",
            "memory-mib",
            "compute-capability",
            "mps-clients",
            "products",
            "aliases",
            "mig-slices",
            "pci-ids");
    private static final Set<String> PROFILE_FIELDS =
        Set.of("name", "id", "compute", "memory", "max", "starts", "gib", "sm");

    private final String source;
    private final List<GpuModel> models = new ArrayList<>();
    private final Map<String, GpuModel> byKey = new HashMap<>();
    private int line;

    // The model being read: its profiles arrive on the lines that follow it.
    private Map<String, String> modelFields;
    private int modelLine;
    private int[] slices;
    private List<String> pciIds;
    private final List<Map<String, String>> profileFields = new ArrayList<>();
    private final List<Integer> profileLines = new ArrayList<>();

    Parser(String source) {
      this.source = source;
    }

    GpuCatalog parse(List<String> lines) {
      for (String raw : lines) {
        line++;
        String text = raw.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        String[] tokens = text.split("\\s+");
        switch (tokens[0]) {
          case "model" -> {
            finishModel();
            modelFields = fields(tokens, MODEL_FIELDS);
            modelLine = line;
            readModelGeometry();
          }
          case "profile" -> {
            if (modelFields == null) {
              throw error("", "a profile line must follow a model line");
            }
            if (slices == null) {
              throw error(
                  "",
                  "model " + modelFields.get("name") + " has no mig-slices, so it has no profiles");
            }
            profileFields.add(fields(tokens, PROFILE_FIELDS));
            profileLines.add(line);
          }
          default -> throw error("", "expected 'model' or 'profile', was '" + tokens[0] + "'");
        }
      }
      finishModel();
      if (models.isEmpty()) {
        throw new InputFormatException(source, 0, "", "no model lines");
      }
      return new GpuCatalog(models, byKey);
    }

    private Map<String, String> fields(String[] tokens, Set<String> allowed) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 1; i < tokens.length; i++) {
        int eq = tokens[i].indexOf('=');
        if (eq <= 0) {
          throw error("", "expected key=value, was '" + tokens[i] + "'");
        }
        String key = tokens[i].substring(0, eq);
        String value = tokens[i].substring(eq + 1);
        if (!allowed.contains(key)) {
          throw error(key, "unknown field; a " + tokens[0] + " line has " + sorted(allowed));
        }
        if (value.isEmpty()) {
          throw error(key, "empty value");
        }
        if (fields.put(key, value) != null) {
          throw error(key, "given twice");
        }
      }
      return fields;
    }

    private void readModelGeometry() {
      slices = null;
      pciIds = List.of();
      String migSlices = modelFields.get("mig-slices");
      if (migSlices != null) {
        String[] parts = migSlices.split("/", -1);
        if (parts.length != 2) {
          throw error(
              "mig-slices", "expected <memory>/<compute> such as 8/7, was '" + migSlices + "'");
        }
        int memory = integer("mig-slices", parts[0], 1, 30);
        int compute = integer("mig-slices", parts[1], 1, 30);
        slices = new int[] {memory, compute};
        pciIds = list("pci-ids", required(modelFields, "pci-ids"));
        for (String id : pciIds) {
          if (!PCI_ID.matcher(id).matches()) {
            throw error("pci-ids", "expected 0x<4 upper-case hex digits>10DE, was '" + id + "'");
          }
        }
      } else if (modelFields.containsKey("pci-ids")) {
        throw error("pci-ids", "only MIG-capable models (with mig-slices) need pci-ids");
      }
    }

    private void finishModel() {
      if (modelFields == null) {
        return;
      }
      int at = line;
      line = modelLine;
      String name = required(modelFields, "name");
      if (!NAME.matcher(name).matches()) {
        throw error("name", "expected letters, digits, '.', '_' or '-', was '" + name + "'");
      }
      long memoryMiB = integer("memory-mib", required(modelFields, "memory-mib"), 1, 1 << 24);
      ComputeCapability capability;
      try {
        capability = ComputeCapability.parse(required(modelFields, "compute-capability"));
      } catch (IllegalArgumentException e) {
        throw error("compute-capability", e.getMessage());
      }
      int mps = integer("mps-clients", required(modelFields, "mps-clients"), 1, 1000);
      if (mps != GpuModel.mpsClientLimitFor(capability)) {
        throw error(
            "mps-clients",
            "the device plugin allows "
                + GpuModel.mpsClientLimitFor(capability)
                + " MPS clients at compute capability "
                + capability
                + ", not "
                + mps);
      }
      List<String> products = list("products", modelFields.getOrDefault("products", ""));
      List<String> aliases = list("aliases", modelFields.getOrDefault("aliases", ""));

      Optional<MigGeometry> mig = Optional.empty();
      if (slices != null) {
        List<MigProfile> profiles = new ArrayList<>();
        for (int i = 0; i < profileFields.size(); i++) {
          line = profileLines.get(i);
          profiles.add(profile(name, profileFields.get(i), profiles));
        }
        line = modelLine;
        if (profiles.isEmpty()) {
          throw error("mig-slices", "a MIG-capable model needs profile lines after it");
        }
        profiles = withEstimatedMemory(profiles);
        mig = Optional.of(new MigGeometry(slices[0], slices[1], pciIds, profiles));
      }
      GpuModel model = new GpuModel(name, memoryMiB, capability, mps, products, aliases, mig);
      register(name, "name", model);
      for (String product : products) {
        register(product, "products", model);
      }
      for (String alias : aliases) {
        register(alias, "aliases", model);
      }
      models.add(model);
      modelFields = null;
      profileFields.clear();
      profileLines.clear();
      line = at;
    }

    private void register(String name, String field, GpuModel model) {
      GpuModel previous = byKey.putIfAbsent(key(name), model);
      if (previous != null) {
        throw error(field, "'" + name + "' already names model " + previous.name());
      }
    }

    private MigProfile profile(String model, Map<String, String> f, List<MigProfile> earlier) {
      String name = required(f, "name");
      if (!PROFILE_NAME.matcher(name).matches()) {
        throw error("name", "expected <g>g.<N>gb or <g>g.<N>gb+me, was '" + name + "'");
      }
      int id = integer("id", required(f, "id"), 0, 1000);
      int compute = integer("compute", required(f, "compute"), 1, slices[1]);
      if (!name.startsWith(compute + "g.")) {
        throw error("compute", "the name " + name + " says " + name.split("g\\.")[0] + " slices");
      }
      int memory = integer("memory", required(f, "memory"), 1, slices[0]);
      int max = integer("max", required(f, "max"), 1, slices[0]);
      List<Integer> starts = new ArrayList<>();
      for (String s : list("starts", required(f, "starts"))) {
        int start = integer("starts", s, 0, slices[0] - 1);
        if (start + memory > slices[0]) {
          throw error(
              "starts",
              "start "
                  + start
                  + " + size "
                  + memory
                  + " runs past "
                  + slices[0]
                  + " memory slices");
        }
        if (!starts.isEmpty() && start <= starts.get(starts.size() - 1)) {
          throw error("starts", "starts must ascend");
        }
        starts.add(start);
      }
      boolean me = name.endsWith("+me");
      if (me && max != 1) {
        throw error("max", "a +me profile has max 1 (one media-extension instance per GPU)");
      }
      long memoryMiB = 0;
      boolean measured = false;
      String gib = required(f, "gib");
      if (!gib.equals("-")) {
        try {
          double value = Double.parseDouble(gib);
          if (!(value > 0 && value < 100_000)) {
            throw new NumberFormatException();
          }
          memoryMiB = (long) Math.floor(value * 1024);
          measured = true;
        } catch (NumberFormatException e) {
          throw error("gib", "expected a positive number of GiB or -, was '" + gib + "'");
        }
      }
      String sm = required(f, "sm");
      OptionalInt sms =
          sm.equals("-") ? OptionalInt.empty() : OptionalInt.of(integer("sm", sm, 1, 10_000));
      Set<String> seenNames = new HashSet<>();
      for (MigProfile p : earlier) {
        seenNames.add(p.name());
        if (p.id() == id) {
          throw error("id", "profile id " + id + " is already " + p.name());
        }
      }
      if (seenNames.contains(name)) {
        throw error("name", "profile " + name + " is listed twice");
      }
      // memoryMiB 1 is a placeholder until withEstimatedMemory fills in unknown sizes.
      return new MigProfile(
          model, name, id, compute, memory, max, starts, Math.max(1, memoryMiB), measured, sms, me);
    }

    /** An unknown size is memory slices times the smallest measured 1-slice profile's memory. */
    private List<MigProfile> withEstimatedMemory(List<MigProfile> profiles) {
      long perSlice =
          profiles.stream()
              .filter(p -> p.memoryMeasured() && p.memorySlices() == 1)
              .mapToLong(MigProfile::memoryMiB)
              .min()
              .orElse(0);
      List<MigProfile> out = new ArrayList<>();
      for (int i = 0; i < profiles.size(); i++) {
        MigProfile p = profiles.get(i);
        if (!p.memoryMeasured()) {
          if (perSlice == 0) {
            line = profileLines.get(i);
            throw error("gib", "needs a measured 1-slice profile to estimate from");
          }
          p =
              new MigProfile(
                  p.model(),
                  p.name(),
                  p.id(),
                  p.computeSlices(),
                  p.memorySlices(),
                  p.maxCount(),
                  p.starts(),
                  perSlice * p.memorySlices(),
                  false,
                  p.sms(),
                  p.mediaExtensions());
        }
        out.add(p);
      }
      return out;
    }

    private String required(Map<String, String> fields, String key) {
      String value = fields.get(key);
      if (value == null) {
        throw error(key, "missing");
      }
      return value;
    }

    private int integer(String field, String text, int min, int max) {
      try {
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
          throw error(field, "must be in " + min + ".." + max + ", was " + value);
        }
        return value;
      } catch (NumberFormatException e) {
        throw error(field, "expected an integer, was '" + text + "'");
      }
    }

    private List<String> list(String field, String text) {
      if (text.isEmpty()) {
        return List.of();
      }
      List<String> values = List.of(text.split(",", -1));
      for (String value : values) {
        if (value.isEmpty()) {
          throw error(field, "empty list element in '" + text + "'");
        }
      }
      return values;
    }

    private InputFormatException error(String field, String problem) {
      return new InputFormatException(source, line, field, problem);
    }

    private static String sorted(Set<String> names) {
      return new java.util.TreeSet<>(names).toString();
    }
  }
}
