package io.gpuautoscaler.cli;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.InputFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code gpu-autoscaler} command: replays GPU cluster traces with packing strategies ({@code
 * simulate}), plans migrations that free GPUs after a strategy has packed ({@code defrag}), lists
 * the strategies ({@code policies}), and checks and plans MIG layouts ({@code mig}).
 *
 * <p>Exit codes: 0 success; 1 bad input (a malformed trace, an unreadable or unwritable file); 2
 * wrong usage or configuration (an unknown option or policy, a bad seed list, a missing directory,
 * an unknown GPU model or MIG profile); 3 {@code mig check}: the profiles do not fit; 70 an
 * internal error, the only case that prints a stack trace. The root launcher script {@code
 * gpu-autoscaler} builds the runnable jar and starts this class.
 */
@Command(
    name = "gpu-autoscaler",
    mixinStandardHelpOptions = true,
    versionProvider = GpuAutoscalerCli.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Packs GPU workloads tightly on clusters. This command replays GPU cluster traces with the",
      "library's packing strategies and reports how much GPU each leaves unallocated; 'simulate",
      "--jobs' replays a job trace through autoscaled node groups and reports cost and waiting.",
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0   success",
      "  1   bad input: a malformed trace, a file that cannot be read or written",
      "  2   wrong usage or configuration: unknown option or policy, bad --seeds, missing files,",
      "      an unknown GPU model or MIG profile",
      "  3   'mig check': the profiles do not fit on one GPU",
      "  70  internal error (a bug: the stack trace is printed)",
      "",
      "Run 'gpu-autoscaler COMMAND --help' for a command's options.",
    })
public final class GpuAutoscalerCli implements Callable<Integer> {
  /** Success. */
  public static final int EXIT_OK = 0;

  /** Bad input: a malformed trace, a file that cannot be read or written. */
  public static final int EXIT_INPUT = 1;

  /** Wrong usage or configuration. */
  public static final int EXIT_USAGE = 2;

  /** An internal error: a bug. */
  public static final int EXIT_INTERNAL = 70;

  @Spec private CommandSpec spec;

  private GpuAutoscalerCli() {}

  /** Runs the command with the process's arguments and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine(CliEnvironment.system()).execute(args));
  }

  /** The command tree, wired to {@code environment}, with the error handling described above. */
  static CommandLine commandLine(CliEnvironment environment) {
    CommandLine cli = new CommandLine(new GpuAutoscalerCli());
    cli.addSubcommand(new SimulateCommand(environment));
    cli.addSubcommand(new DefragCommand(environment));
    cli.addSubcommand(new ForecastCommand());
    cli.addSubcommand(new PoliciesCommand());
    cli.addSubcommand(new MigCommand());
    cli.addSubcommand(new CommandLine.HelpCommand());
    // Set after the subcommands are added: picocli copies these settings down the tree.
    cli.setUsageHelpWidth(100);
    cli.setParameterExceptionHandler(new UsageErrors());
    cli.setExecutionExceptionHandler(new ExecutionErrors());
    return cli;
  }

  /** Without a command: the usage, and the usage-error exit code. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("gpu-autoscaler: missing command");
    spec.commandLine().usage(err);
    return EXIT_USAGE;
  }

  /** The version from the build, e.g. {@code 0.1.0-SNAPSHOT}; {@code "unknown"} if missing. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = GpuAutoscalerCli.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String v = p.getProperty("version", "");
    return v.isBlank() || v.startsWith("${") ? "unknown" : v;
  }

  /** Reports {@link #version()} and the Java runtime. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "gpu-autoscaler " + version(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }

  /** A bad command line: one message, a hint, exit 2; never the whole usage or a stack trace. */
  private static final class UsageErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      String name = cmd.getCommandSpec().qualifiedName();
      err.println(name + ": " + ex.getMessage());
      UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Try '" + name + " --help' for more information.");
      err.flush();
      return EXIT_USAGE;
    }
  }

  /** Maps the expected failures to exit codes with their message only; the rest is a bug. */
  private static final class ExecutionErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
      PrintWriter err = cmd.getErr();
      String name = cmd.getCommandSpec().qualifiedName();
      int code;
      if (ex instanceof CliException e) {
        code = e.exitCode();
      } else if (ex instanceof InputFormatException) {
        code = EXIT_INPUT;
      } else if (ex instanceof ConfigurationException) {
        code = EXIT_USAGE;
      } else if (ex instanceof UncheckedIOException || ex instanceof IOException) {
        code = EXIT_INPUT;
      } else {
        err.println(name + ": internal error, please report it with the trace below");
        ex.printStackTrace(err);
        err.flush();
        return EXIT_INTERNAL;
      }
      err.println(name + ": " + ex.getMessage());
      err.flush();
      return code;
    }
  }
}
