package io.gpuautoscaler.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The output formats of {@code simulate}. */
enum ReportFormat {
  /** Aligned text for a terminal. */
  TABLE {
    @Override
    void write(ReportData data, Writer out) throws IOException {
      TableReport.write(data, out);
    }
  },
  /** Machine-readable, schema in {@code docs/simulate-json.md}. */
  JSON {
    @Override
    void write(ReportData data, Writer out) throws IOException {
      JsonReport.write(data, out);
    }
  },
  /** One self-contained page with charts. */
  HTML {
    @Override
    void write(ReportData data, Writer out) throws IOException {
      HtmlReport.write(data, out);
    }
  };

  abstract void write(ReportData data, Writer out) throws IOException;

  /** The name on the command line. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Accepts the lowercase names, and says which exist otherwise. */
  static final class Converter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      for (ReportFormat format : values()) {
        if (format.id().equalsIgnoreCase(value.trim())) {
          return format;
        }
      }
      throw new TypeConversionException(
          "unknown format '" + value + "'; expected table, json or html");
    }
  }
}
