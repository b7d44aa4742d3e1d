package io.gpuautoscaler.cli;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuautoscaler.core.forecast.DemandData;
import io.gpuautoscaler.core.forecast.ForecastError;
import io.gpuautoscaler.core.forecast.ForecastEvaluation;
import io.gpuautoscaler.core.forecast.Forecaster;
import io.gpuautoscaler.core.forecast.HeliosSequenceReader;
import io.gpuautoscaler.core.forecast.JobDemand;
import io.gpuautoscaler.core.forecast.SeasonalNaiveForecaster;
import io.gpuautoscaler.core.forecast.WeeklyProfileForecaster;
import io.gpuautoscaler.core.trace.JobTrace;
import io.gpuautoscaler.core.trace.PhillyTraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-autoscaler forecast}: the forecast error of the {@code predictive} policy's forecaster
 * (weekly profile) against seasonal-naive on the last week of a trace, learned from the weeks
 * before it ({@link ForecastEvaluation}), per team and in total.
 */
@Command(
    name = "forecast",
    header = "Reports the forecast error of 'predictive' on a trace's last week, per team.",
    mixinStandardHelpOptions = true,
    versionProvider = GpuAutoscalerCli.Version.class,
    sortOptions = false,
    showDefaultValues = true,
    description = {
      "Builds hourly demand series per team and in total (GPUs in use or waiting; job arrivals",
      "where the trace has jobs), learns from every week but the last, and forecasts the last",
      "week with the weekly-profile forecaster of the 'predictive' policy and with seasonal-naive",
      "(same hour last week): rolling, each hour forecast H hours ahead from the history up to",
      "then, and week-ahead, one forecast without updates. Prints WAPE (the headline: demand can",
      "be 0), MAPE over nonzero hours and sMAPE, in %% (docs/forecast.md).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  gpu-autoscaler forecast --jobs ../shared/data/philly/philly.pollux-vc.before-2017-11-13.csv",
      "  gpu-autoscaler forecast --helios ../shared/data/helios-earth-vc --format json",
    })
final class ForecastCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  @Spec private CommandSpec spec;

  @Option(
      names = "--jobs",
      paramLabel = "FILE",
      description = "A Philly job table (Pollux or RFold); its 'cluster' column is the team.")
  private Path jobs;

  @Option(
      names = "--helios",
      paramLabel = "DIR",
      description = "A directory of Helios <vc>.cluster_sequence_vc*.csv files, one per team.")
  private Path helios;

  @Option(
      names = "--horizons",
      paramLabel = "H[,H...]",
      split = ",",
      defaultValue = "1,6",
      description = "Rolling horizons in hours.")
  private List<Integer> horizons = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json.")
  private String format;

  @Option(
      names = {"-q", "--quiet"},
      description = "No notes on stderr (errors still appear).")
  private boolean quiet;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String fmt = format.trim().toLowerCase(Locale.ROOT);
    if (!fmt.equals("table") && !fmt.equals("json")) {
      throw CliException.usage("--format must be table or json, was " + format);
    }
    if ((jobs == null) == (helios == null)) {
      throw CliException.usage("give exactly one of --jobs FILE and --helios DIR");
    }
    for (int h : horizons) {
      if (h < 1 || h > 168) {
        throw CliException.usage("--horizons must be in 1..168, was " + h);
      }
    }
    DemandData data = load();
    if (!quiet) {
      for (String note : data.notes()) {
        err.println("gpu-autoscaler: note: " + note);
      }
      err.flush();
    }
    List<Forecaster> forecasters =
        List.of(new WeeklyProfileForecaster(), new SeasonalNaiveForecaster());
    List<ForecastEvaluation.SeriesResult> results;
    try {
      results = ForecastEvaluation.lastWeek(data, forecasters, horizons);
    } catch (IllegalArgumentException e) {
      throw CliException.input(data.source() + ": " + e.getMessage(), e);
    }
    List<String> modes = new ArrayList<>();
    horizons.forEach(h -> modes.add(ForecastEvaluation.rolling(h)));
    modes.add(ForecastEvaluation.WEEK_AHEAD);
    if (fmt.equals("json")) {
      MAPPER.writeValue(out, json(data, results));
      out.println();
    } else {
      table(out, data, results, modes);
    }
    out.flush();
    return GpuAutoscalerCli.EXIT_OK;
  }

  private DemandData load() {
    if (jobs != null) {
      if (!Files.isRegularFile(jobs)) {
        throw CliException.usage("--jobs " + jobs + ": no such file");
      }
      try {
        JobTrace trace = PhillyTraceReader.read(jobs);
        DemandData d = JobDemand.of(trace.source(), trace.jobs());
        List<String> notes = new ArrayList<>(trace.notes());
        notes.addAll(d.notes());
        return new DemandData(d.source(), d.series(), notes);
      } catch (UncheckedIOException e) {
        throw CliException.input(e.getMessage(), e);
      }
    }
    if (!Files.isDirectory(helios)) {
      throw CliException.usage("--helios " + helios + ": no such directory");
    }
    try {
      return HeliosSequenceReader.readDirectory(helios);
    } catch (UncheckedIOException e) {
      throw CliException.input(e.getMessage(), e);
    }
  }

  private static void table(
      PrintWriter out,
      DemandData data,
      List<ForecastEvaluation.SeriesResult> results,
      List<String> modes) {
    out.printf(
        Locale.ROOT,
        "Forecast error on the last week of %s, learned from the weeks before it%n",
        data.source());
    out.println(
        "predictive = weekly-profile forecaster; naive = seasonal-naive (same hour last week);"
            + " errors in %");
    out.printf(
        Locale.ROOT,
        "%-22s %-13s %6s %9s %9s %9s %9s %9s %9s%n",
        "series",
        "mode",
        "points",
        "WAPE pred",
        "naive",
        "MAPE pred",
        "naive",
        "sMAPE prd",
        "naive");
    for (ForecastEvaluation.SeriesResult r : results) {
      for (String mode : modes) {
        ForecastError p = r.error(WeeklyProfileForecaster.NAME, mode);
        ForecastError n = r.error(SeasonalNaiveForecaster.NAME, mode);
        out.printf(
            Locale.ROOT,
            "%-22s %-13s %6d %9s %9s %9s %9s %9s %9s%n",
            r.series(),
            mode,
            p.points(),
            pct(p.wape()),
            pct(n.wape()),
            pct(p.mape()),
            pct(n.mape()),
            pct(p.smape()),
            pct(n.smape()));
      }
    }
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * v);
  }

  private static ObjectNode json(DemandData data, List<ForecastEvaluation.SeriesResult> results) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("source", data.source());
    ArrayNode notes = root.putArray("notes");
    data.notes().forEach(notes::add);
    root.put("predictive", WeeklyProfileForecaster.NAME);
    root.put("baseline", SeasonalNaiveForecaster.NAME);
    ArrayNode series = root.putArray("series");
    for (ForecastEvaluation.SeriesResult r : results) {
      ObjectNode s = series.addObject();
      s.put("series", r.series());
      s.put("trainHours", r.trainSteps());
      s.put("testHours", r.testSteps());
      ArrayNode scores = s.putArray("scores");
      for (ForecastEvaluation.Score score : r.scores()) {
        ObjectNode o = scores.addObject();
        o.put("forecaster", score.forecaster());
        o.put("mode", score.mode());
        ForecastError e = score.error();
        o.put("points", e.points());
        putFraction(o, "wape", e.wape());
        putFraction(o, "mape", e.mape());
        o.put("mapePoints", e.mapePoints());
        putFraction(o, "smape", e.smape());
      }
    }
    return root;
  }

  /** A fraction (0.1 = 10 %), or null where undefined. */
  private static void putFraction(ObjectNode o, String name, double v) {
    if (Double.isNaN(v)) {
      o.putNull(name);
    } else {
      o.put(name, v);
    }
  }
}
