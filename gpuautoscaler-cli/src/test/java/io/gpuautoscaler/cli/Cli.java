package io.gpuautoscaler.cli;

import io.gpuautoscaler.core.trace.OpenbTraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command in-process with captured stdout and stderr, and writes small traces. */
final class Cli {
  private Cli() {}

  /** What a command printed and returned. */
  record Result(int exitCode, String out, String err) {}

  /** An environment with only {@code env} set and {@code home} as the installation directory. */
  static CliEnvironment environment(Path home, Map<String, String> env) {
    return new CliEnvironment(env, home, 2, System::nanoTime);
  }

  static Result run(CliEnvironment environment, String... args) {
    CommandLine cli = GpuAutoscalerCli.commandLine(environment);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * Writes a trace of 4 two-GPU nodes and 12 pods (whole, shared, multi-GPU and CPU-only) under the
   * default file names: replays in milliseconds.
   */
  static Path tinyTrace(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(OpenbTraceReader.NODE_FILE),
        """
        sn,cpu_milli,memory_mib,gpu,model
        node-0,32000,131072,2,T4
        node-1,32000,131072,2,T4
        node-2,32000,131072,2,T4
        node-3,64000,262144,2,V100M16
        """);
    Files.writeString(
        dir.resolve(OpenbTraceReader.POD_FILE),
        """
        name,cpu_milli,memory_mib,num_gpu,gpu_milli
        pod-00,4000,8192,1,1000
        pod-01,4000,8192,1,500
        pod-02,2000,4096,1,250
        pod-03,8000,16384,2,1000
        pod-04,1000,2048,0,0
        pod-05,4000,8192,1,750
        pod-06,4000,8192,1,500
        pod-07,2000,4096,1,250
        pod-08,4000,8192,1,1000
        pod-09,2000,4096,1,300
        pod-10,2000,4096,1,700
        pod-11,1000,2048,0,0
        """);
    return dir;
  }
}
