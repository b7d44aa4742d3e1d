package io.gpuautoscaler.api;

import static java.util.Objects.requireNonNull;

/**
 * Input read from a file or stream was malformed. Carries where: the source (usually a file name),
 * the 1-based line, and the column at fault, so that a user can go straight to it.
 */
public class InputFormatException extends GpuAutoscalerException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final String column;

  /**
   * @param source the file name or other description of the input
   * @param line 1-based line number, or 0 when the fault is not tied to one line
   * @param column the column (header name) at fault, or an empty string when it is the whole line
   * @param problem what is wrong, with the offending value
   */
  public InputFormatException(String source, long line, String column, String problem) {
    super(format(source, line, column, problem));
    this.source = requireNonNull(source, "source");
    this.line = line;
    this.column = requireNonNull(column, "column");
  }

  private static String format(String source, long line, String column, String problem) {
    StringBuilder sb = new StringBuilder(requireNonNull(source, "source"));
    if (line > 0) {
      sb.append(':').append(line);
    }
    if (!requireNonNull(column, "column").isEmpty()) {
      sb.append(": column '").append(column).append('\'');
    }
    return sb.append(": ").append(requireNonNull(problem, "problem")).toString();
  }

  /** The file name or other description of the input. */
  public String source() {
    return source;
  }

  /** The 1-based line number, or 0 when the fault is not tied to one line. */
  public long line() {
    return line;
  }

  /** The column (header name) at fault; empty when the whole line is at fault. */
  public String column() {
    return column;
  }
}
