package io.gpuautoscaler.cost.alert;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON object built field by field and written compactly, in insertion order. The channels'
 * bodies are a few flat fields, so this keeps the module free of a JSON library for them.
 */
final class Json {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  Json put(String key, String value) {
    fields.put(key, value);
    return this;
  }

  Json put(String key, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(key + " must be finite, was " + value);
    }
    fields.put(key, value);
    return this;
  }

  Json put(String key, long value) {
    fields.put(key, value);
    return this;
  }

  Json put(String key, Json value) {
    fields.put(key, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      quote(out, e.getKey());
      out.append(':');
      Object v = e.getValue();
      if (v instanceof String s) {
        quote(out, s);
      } else if (v instanceof Double d) {
        out.append(
            d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString(d.longValue())
                : String.format(Locale.ROOT, "%s", d));
      } else {
        out.append(v);
      }
    }
    return out.append('}').toString();
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
