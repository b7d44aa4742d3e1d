package io.gpuautoscaler.cli;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuautoscaler.api.sharing.Assignment;
import io.gpuautoscaler.api.sharing.NodeConfig;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingPlan;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.api.sharing.Unplaced;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
import io.gpuautoscaler.core.catalog.UnknownGpuException;
import io.gpuautoscaler.core.sharing.mig.GpuLayout;
import io.gpuautoscaler.core.sharing.mig.MigLayoutCheck;
import io.gpuautoscaler.core.sharing.mig.MigLayouts;
import io.gpuautoscaler.core.sharing.mig.MigPlan;
import io.gpuautoscaler.core.sharing.mig.MigPlanner;
import io.gpuautoscaler.core.sharing.mig.MigStrategy;
import io.gpuautoscaler.core.sharing.mig.PlacedInstance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-autoscaler mig}: the MIG profiles of a GPU model, whether a set of profiles fits one
 * GPU, and layout plans for many GPUs with their mig-parted configs. Documented in {@code
 * docs/mig.md}.
 */
@Command(
    name = "mig",
    header = "NVIDIA MIG: profiles, layout checks and layout plans.",
    mixinStandardHelpOptions = true,
    versionProvider = GpuAutoscalerCli.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Shows the MIG GPU-instance profiles of a GPU model, checks whether profiles fit one GPU by",
      "NVIDIA's placement rule, and plans MIG layouts for many GPUs with their mig-parted configs."
    },
    subcommands = {
      MigCommand.Profiles.class,
      MigCommand.Check.class,
      MigCommand.Plan.class,
    })
final class MigCommand implements Callable<Integer> {
  /** A layout that does not fit: {@code mig check}'s answer "no". */
  static final int EXIT_NOT_PLACEABLE = 3;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("gpu-autoscaler mig: missing command (profiles, check or plan)");
    spec.commandLine().usage(err);
    return GpuAutoscalerCli.EXIT_USAGE;
  }

  /** Output formats of the mig commands. */
  enum Format {
    TABLE,
    JSON;

    static Format parse(String text) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(text)) {
          return f;
        }
      }
      throw CliException.usage("unknown --format '" + text + "'; known: table, json");
    }
  }

  static void printJson(PrintWriter out, Object tree) {
    try {
      out.println(JSON.writeValueAsString(tree));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String placements(MigProfile p) {
    return p.starts().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"))
        + ":"
        + p.memorySlices();
  }

  static String gib(MigProfile p) {
    return (p.memoryMeasured() ? "" : "~")
        + String.format(Locale.ROOT, "%.2f", p.memoryMiB() / 1024.0);
  }

  /** {@code mig profiles --gpu MODEL}. */
  @Command(
      name = "profiles",
      header = "Lists a GPU model's MIG GPU-instance profiles.",
      mixinStandardHelpOptions = true,
      versionProvider = GpuAutoscalerCli.Version.class,
      description = {
        "Lists the MIG GPU-instance profiles of a model with their id, compute and memory slices,",
        "usable GiB ('~' = estimated: no nvidia-smi transcript showed it), max instances per GPU",
        "and allowed placements ({starts}:size, in memory slices)."
      })
  static final class Profiles implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
        names = "--gpu",
        required = true,
        paramLabel = "MODEL",
        description = "GPU model: a short name (A100-40GB) or a product label (NVIDIA-H100-NVL).")
    private String gpu;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "table",
        description = "table (default) or json.")
    private String format;

    @Override
    public Integer call() {
      Format f = Format.parse(format);
      GpuCatalog catalog = GpuCatalog.builtin();
      GpuModel model = catalog.require(gpu);
      MigGeometry mig = catalog.requireMig(gpu);
      PrintWriter out = spec.commandLine().getOut();
      if (f == Format.JSON) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model.name());
        root.put("memorySlices", mig.memorySlices());
        root.put("computeSlices", mig.computeSlices());
        mig.pciIds().forEach(root.withArray("deviceFilter")::add);
        ArrayNode profiles = root.putArray("profiles");
        for (MigProfile p : mig.profiles()) {
          ObjectNode node = profiles.addObject();
          node.put("name", p.name());
          node.put("id", p.id());
          node.put("computeSlices", p.computeSlices());
          node.put("memorySlices", p.memorySlices());
          node.put("memoryMiB", p.memoryMiB());
          node.put("memoryMeasured", p.memoryMeasured());
          node.put("maxCount", p.maxCount());
          p.starts().forEach(node.withArray("starts")::add);
          if (p.sms().isPresent()) {
            node.put("sms", p.sms().getAsInt());
          }
          node.put("resource", p.mixedResourceName());
        }
        printJson(out, root);
        return GpuAutoscalerCli.EXIT_OK;
      }
      out.printf(
          Locale.ROOT,
          "%s: %d memory slices, %d compute slices, device-filter %s%n",
          model.name(),
          mig.memorySlices(),
          mig.computeSlices(),
          String.join(",", mig.pciIds()));
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {"PROFILE", "ID", "COMPUTE", "MEMORY", "GIB", "MAX", "SMS", "PLACEMENTS"});
      for (MigProfile p : mig.profiles()) {
        rows.add(
            new String[] {
              p.name(),
              String.valueOf(p.id()),
              String.valueOf(p.computeSlices()),
              String.valueOf(p.memorySlices()),
              gib(p),
              String.valueOf(p.maxCount()),
              p.sms().isPresent() ? String.valueOf(p.sms().getAsInt()) : "-",
              placements(p)
            });
      }
      printTable(out, rows);
      out.flush();
      return GpuAutoscalerCli.EXIT_OK;
    }
  }

  /** {@code mig check --gpu MODEL --profiles P1,P2,...}. */
  @Command(
      name = "check",
      header = "Checks whether MIG profiles fit together on one GPU.",
      mixinStandardHelpOptions = true,
      versionProvider = GpuAutoscalerCli.Version.class,
      description = {
        "Decides by NVIDIA's placement rule whether the profiles fit on one idle GPU and prints",
        "a placement for each instance and a creation order that works with the driver.",
        "Exit 0: they fit; 3: they do not (the reason is printed); 2: unknown model or profile."
      })
  static final class Check implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(names = "--gpu", required = true, paramLabel = "MODEL", description = "GPU model.")
    private String gpu;

    @Option(
        names = "--profiles",
        required = true,
        split = ",",
        paramLabel = "PROFILE",
        description =
            "Profiles by name (1g.5gb) or id (19), comma-separated; repeat to ask for several.")
    private List<String> profiles;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "table",
        description = "table (default) or json.")
    private String format;

    @Override
    public Integer call() {
      Format f = Format.parse(format);
      GpuCatalog catalog = GpuCatalog.builtin();
      GpuModel model = catalog.require(gpu);
      MigGeometry mig = catalog.requireMig(gpu);
      List<MigProfile> wanted = new ArrayList<>();
      for (String token : profiles) {
        wanted.add(resolve(model, mig, token.trim()));
      }
      MigLayoutCheck check = MigLayouts.check(mig, wanted);
      PrintWriter out = spec.commandLine().getOut();
      if (f == Format.JSON) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model.name());
        wanted.forEach(p -> root.withArray("profiles").add(p.name()));
        root.put("placeable", check.placeable());
        if (check instanceof MigLayoutCheck.Placeable ok) {
          ArrayNode order = root.putArray("creationOrder");
          for (PlacedInstance i : ok.creationOrder()) {
            ObjectNode node = order.addObject();
            node.put("profile", i.profile().name());
            node.put("id", i.profile().id());
            node.put("start", i.start());
            node.put("size", i.profile().memorySlices());
          }
          root.put("cgi", ok.cgiArgument());
        } else {
          root.put("reason", ((MigLayoutCheck.NotPlaceable) check).reason());
        }
        printJson(out, root);
      } else if (check instanceof MigLayoutCheck.Placeable ok) {
        out.printf(Locale.ROOT, "placeable on %s: %s%n", model.name(), MigLayouts.describe(wanted));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ORDER", "PROFILE", "ID", "PLACEMENT", "SLICES"});
        int n = 1;
        for (PlacedInstance i : ok.creationOrder()) {
          rows.add(
              new String[] {
                String.valueOf(n++),
                i.profile().name(),
                String.valueOf(i.profile().id()),
                i.start() + ":" + i.profile().memorySlices(),
                slices(i, mig.memorySlices())
              });
        }
        printTable(out, rows);
        out.printf(
            Locale.ROOT,
            "creation order, largest first: nvidia-smi mig -cgi %s -C%n"
                + "(with NVML, nvmlDeviceCreateGpuInstanceWithPlacement takes the placements)%n",
            ok.cgiArgument());
      } else {
        out.printf(
            Locale.ROOT,
            "not placeable on %s: %s: %s%n",
            model.name(),
            MigLayouts.describe(wanted),
            ((MigLayoutCheck.NotPlaceable) check).reason());
      }
      out.flush();
      return check.placeable() ? GpuAutoscalerCli.EXIT_OK : EXIT_NOT_PLACEABLE;
    }

    private static MigProfile resolve(GpuModel model, MigGeometry mig, String token) {
      if (!token.isEmpty() && token.chars().allMatch(Character::isDigit)) {
        int id = Integer.parseInt(token);
        return mig.profiles().stream()
            .filter(p -> p.id() == id)
            .findFirst()
            .orElseThrow(
                () ->
                    new UnknownGpuException(
                        UnknownGpuException.Kind.PROFILE,
                        "id " + token,
                        model.name(),
                        mig.profiles().stream().map(p -> p.name() + " (" + p.id() + ")").toList()));
      }
      return mig.requireProfile(token);
    }

    /** {@code ##..****}: the memory slices an instance occupies. */
    private static String slices(PlacedInstance i, int total) {
      StringBuilder sb = new StringBuilder();
      for (int s = 0; s < total; s++) {
        sb.append(s >= i.start() && s < i.end() ? '#' : '.');
      }
      return sb.toString();
    }
  }

  /** {@code mig plan --requests FILE (--gpu MODEL [--gpus N] | --state FILE)}. */
  @Command(
      name = "plan",
      header = "Plans MIG layouts for a batch of requests and prints the mig-parted configs.",
      mixinStandardHelpOptions = true,
      versionProvider = GpuAutoscalerCli.Version.class,
      sortOptions = false,
      description = {
        "Chooses MIG layouts that host the requests on the fewest GPUs without touching instances",
        "in use, and prints where each request runs, the resource it asks for, each node's",
        "nvidia.com/mig.config label and the mig-parted config. File formats: docs/mig.md."
      })
  static final class Plan implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
        names = "--requests",
        required = true,
        paramLabel = "FILE",
        description = "CSV: id,profile,memory_mib,compute_milli,models (see docs/mig.md).")
    private Path requests;

    @Option(
        names = "--gpu",
        paramLabel = "MODEL",
        description = "Plan onto idle GPUs of this model (with --gpus).")
    private String gpu;

    @Option(
        names = "--gpus",
        paramLabel = "N",
        defaultValue = "1",
        description = "How many idle GPUs of --gpu, 8 per node (default: ${DEFAULT-VALUE}).")
    private int gpuCount;

    @Option(
        names = "--state",
        paramLabel = "FILE",
        description =
            "CSV of existing GPUs instead of --gpu: node,gpu,model,mig (see docs/mig.md).")
    private Path state;

    @Option(
        names = "--strategy",
        paramLabel = "STRATEGY",
        defaultValue = "mixed",
        description = "The device plugin's MIG strategy: mixed (default) or single.")
    private String strategy;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "table",
        description = "table (default) or json.")
    private String format;

    @Override
    public Integer call() {
      Format f = Format.parse(format);
      if ((gpu == null) == (state == null)) {
        throw CliException.usage("give either --gpu MODEL (with --gpus N) or --state FILE");
      }
      if (gpuCount < 1 || gpuCount > 100_000) {
        throw CliException.usage("--gpus must be in 1..100000, was " + gpuCount);
      }
      List<SharedGpu> gpus;
      if (gpu != null) {
        GpuCatalog.builtin().requireMig(gpu);
        gpus = new ArrayList<>();
        for (int i = 0; i < gpuCount; i++) {
          gpus.add(SharedGpu.idle("node-" + i / 8, i % 8, gpu));
        }
      } else {
        gpus = MigFiles.readState(state);
      }
      List<SharingRequest> batch = MigFiles.readRequests(requests);
      MigPlanner planner = new MigPlanner(GpuCatalog.builtin(), MigStrategy.fromLabel(strategy));
      MigPlan result;
      try {
        result = planner.planMig(gpus, batch);
      } catch (IllegalArgumentException e) {
        throw CliException.input(e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (f == Format.JSON) {
        printJson(out, json(result));
      } else {
        table(out, result);
      }
      out.flush();
      return GpuAutoscalerCli.EXIT_OK;
    }

    private static long gpusUsed(MigPlan result) {
      return result.layouts().stream()
          .filter(
              l ->
                  l.instances().stream()
                      .anyMatch(
                          i -> i.origin() == GpuLayout.Origin.IN_USE || i.requestId().isPresent()))
          .count();
    }

    private static void table(PrintWriter out, MigPlan result) {
      SharingPlan plan = result.plan();
      int total = plan.assignments().size() + plan.unplaced().size();
      out.printf(
          Locale.ROOT,
          "%d of %d requests placed; %d GPUs in use after the plan; %d nodes reconfigured;"
              + " strategy %s%n",
          plan.assignments().size(),
          total,
          gpusUsed(result),
          plan.nodeConfigs().size(),
          result.strategy().label());
      if (!plan.assignments().isEmpty()) {
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REQUEST", "NODE", "GPU", "RESOURCE", "INSTANCE"});
        for (Assignment a : plan.assignments()) {
          rows.add(
              new String[] {
                a.requestId(),
                a.node(),
                String.valueOf(a.gpuIndex()),
                a.resource().name(),
                a.migInstance().map(i -> i.profile() + "@" + i.start().getAsInt()).orElse("")
              });
        }
        printTable(out, rows);
      }
      if (!plan.unplaced().isEmpty()) {
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"UNPLACED", "REASON", "WHY"});
        for (Unplaced u : plan.unplaced()) {
          rows.add(new String[] {u.requestId(), u.reason().name(), u.message()});
        }
        printTable(out, rows);
      }
      if (!result.layouts().isEmpty()) {
        out.println();
        out.println("Layouts (creation order; * in use, + new):");
        for (GpuLayout layout : result.layouts()) {
          String instances =
              layout.instances().stream()
                  .map(
                      i ->
                          i.placement()
                              + (i.origin() == GpuLayout.Origin.IN_USE
                                  ? "*"
                                  : i.origin() == GpuLayout.Origin.NEW ? "+" : "")
                              + i.requestId().map(id -> "=" + id).orElse(""))
                  .collect(Collectors.joining(" "));
          out.printf(
              Locale.ROOT,
              "  %s GPU %d %s%s: %s%n",
              layout.node(),
              layout.index(),
              layout.model(),
              layout.changed() ? " (changes)" : "",
              layout.migEnabled()
                  ? (instances.isEmpty() ? "MIG on, no instances" : instances)
                  : "MIG off");
        }
      }
      if (!plan.nodeConfigs().isEmpty()) {
        out.println();
        out.println("Node labels:");
        for (NodeConfig c : plan.nodeConfigs()) {
          c.labels()
              .forEach(
                  (k, v) ->
                      out.printf(
                          Locale.ROOT,
                          "  kubectl label node %s --overwrite %s=%s   # GPUs %s change%n",
                          c.node(),
                          k,
                          v,
                          c.changedGpus()));
        }
        out.println();
        out.println("mig-parted config (a ConfigMap's config.yaml for mig-manager):");
        out.print(result.configDocument());
      }
      if (!result.singleProductLabels().isEmpty()) {
        out.println();
        out.println("GFD product labels under the single strategy:");
        result
            .singleProductLabels()
            .forEach(
                (node, label) ->
                    out.printf(Locale.ROOT, "  %s: nvidia.com/gpu.product=%s%n", node, label));
      }
      if (!result.singleStrategyViolations().isEmpty()) {
        out.println();
        out.println("Needs the mixed strategy (the single strategy could not serve):");
        result.singleStrategyViolations().forEach(v -> out.println("  " + v));
      }
      if (!plan.warnings().isEmpty()) {
        out.println();
        out.println("Warnings:");
        plan.warnings().forEach(w -> out.println("  " + w));
      }
    }

    private static ObjectNode json(MigPlan result) {
      SharingPlan plan = result.plan();
      ObjectNode root = JSON.createObjectNode();
      root.put("strategy", result.strategy().label());
      root.put("placed", plan.assignments().size());
      root.put("unplaced", plan.unplaced().size());
      root.put("gpusInUse", gpusUsed(result));
      ArrayNode assignments = root.putArray("assignments");
      for (Assignment a : plan.assignments()) {
        ObjectNode node = assignments.addObject();
        node.put("request", a.requestId());
        node.put("node", a.node());
        node.put("gpu", a.gpuIndex());
        node.put("resource", a.resource().name());
        node.put("quantity", a.resource().quantity());
        a.migInstance()
            .ifPresent(
                i -> {
                  node.put("profile", i.profile());
                  node.put("start", i.start().getAsInt());
                });
      }
      ArrayNode unplaced = root.putArray("unplacedRequests");
      for (Unplaced u : plan.unplaced()) {
        ObjectNode node = unplaced.addObject();
        node.put("request", u.requestId());
        node.put("reason", u.reason().name());
        node.put("message", u.message());
      }
      ArrayNode layouts = root.putArray("layouts");
      for (GpuLayout l : result.layouts()) {
        ObjectNode node = layouts.addObject();
        node.put("node", l.node());
        node.put("gpu", l.index());
        node.put("model", l.model());
        node.put("migEnabled", l.migEnabled());
        node.put("changed", l.changed());
        ArrayNode instances = node.putArray("instances");
        for (GpuLayout.Instance i : l.instances()) {
          ObjectNode in = instances.addObject();
          in.put("profile", i.placement().profile().name());
          in.put("id", i.placement().profile().id());
          in.put("start", i.placement().start());
          in.put("origin", i.origin().name().toLowerCase(Locale.ROOT).replace('_', '-'));
          i.requestId().ifPresent(id -> in.put("request", id));
        }
      }
      ArrayNode configs = root.putArray("nodeConfigs");
      for (NodeConfig c : plan.nodeConfigs()) {
        ObjectNode node = configs.addObject();
        node.put("node", c.node());
        node.put("configName", c.configName());
        ObjectNode labels = node.putObject("labels");
        c.labels().forEach(labels::put);
        c.changedGpus().forEach(node.withArray("changedGpus")::add);
        node.put("disruptive", c.disruptive());
        node.put("document", c.document());
      }
      root.put("configDocument", result.configDocument());
      ObjectNode products = root.putObject("singleProductLabels");
      result.singleProductLabels().forEach(products::put);
      result.singleStrategyViolations().forEach(root.withArray("singleStrategyViolations")::add);
      plan.warnings().forEach(root.withArray("warnings")::add);
      return root;
    }
  }

  /** Left-aligned columns, two spaces apart; the last column is not padded. */
  static void printTable(PrintWriter out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        sb.append(
            c == columns - 1
                ? row[c]
                : String.format(Locale.ROOT, "%-" + widths[c] + "s  ", row[c]));
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
