package io.gpuautoscaler.cli;

/**
 * An expected failure of a command: its message is for the user as it stands, and it ends the
 * command with {@link #exitCode()} and no stack trace.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The command was called or configured wrongly: exit code 2. */
  static CliException usage(String message) {
    return new CliException(GpuAutoscalerCli.EXIT_USAGE, message, null);
  }

  /** The input (a trace, a file) was bad or unreadable, or the output unwritable: exit code 1. */
  static CliException input(String message, Throwable cause) {
    return new CliException(GpuAutoscalerCli.EXIT_INPUT, message, cause);
  }

  int exitCode() {
    return exitCode;
  }
}
