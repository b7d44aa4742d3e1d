package io.gpuautoscaler.core.sharing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes maps, lists and scalars as block-style YAML, the subset that NVIDIA's mig-parted and
 * device plugin configs use. Core may not depend on a YAML library, and these documents are small.
 *
 * <p>Maps keep their iteration order (pass a {@link java.util.LinkedHashMap} or {@link
 * java.util.TreeMap}); lists are written as {@code - item} sequences, empty ones as {@code []} and
 * {@code {}}. A string is double-quoted whenever a YAML 1.1 or 1.2 reader could take it for
 * something else: a number ({@code 0x20B010DE}, {@code 1g.10gb} is quoted too because it starts
 * with a digit), a boolean or null word ({@code yes}, {@code off}, {@code ~}), or text with an
 * indicator character, leading or trailing space, a comment start or a line break. Numbers and
 * booleans are written plain. Stateless and thread-safe.
 *
 * <pre>{@code
 * var doc = new LinkedHashMap<String, Object>();
 * doc.put("version", "v1");
 * doc.put("mig-configs", Map.of("all-1g.10gb", List.of(Map.of("devices", "all"))));
 * String yaml = YamlWriter.write(doc);
 * }</pre>
 */
@Beta
public final class YamlWriter {
  private static final Set<String> RESERVED_WORDS =
      Set.of(
          "", "~", "null", "true", "false", "yes", "no", "y", "n", "on", "off", ".nan", ".inf",
          "-.inf", "+.inf", "<<", "=");
  private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./+=@-]*");

  private YamlWriter() {}

  /**
   * The YAML text of {@code value}, ending with a line break.
   *
   * @param value a {@link Map} with string keys, a {@link Collection}, a {@link CharSequence}, a
   *     {@link Number}, a {@link Boolean} or an {@link Enum} (written as its {@code toString()}),
   *     nested freely
   * @throws IllegalArgumentException when {@code value} holds a null, a non-string map key or any
   *     other type, naming the path to it
   */
  public static String write(Object value) {
    requireNonNull(value, "value");
    StringBuilder out = new StringBuilder();
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      writeMap(out, map, 0, "$");
    } else if (value instanceof Collection<?> list && !list.isEmpty()) {
      writeList(out, list, 0, "$");
    } else {
      out.append(inline(value, "$")).append('\n');
    }
    return out.toString();
  }

  /** {@code text} as a YAML scalar: plain when that reads back as the same string, else quoted. */
  public static String scalar(String text) {
    requireNonNull(text, "text");
    return needsQuotes(text) ? quote(text) : text;
  }

  private static void writeMap(StringBuilder out, Map<?, ?> map, int indent, String path) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            "map keys must be strings, had " + entry.getKey() + " at " + path);
      }
      String childPath = path + "." + key;
      Object child = entry.getValue();
      out.append(" ".repeat(indent)).append(scalar(key)).append(':');
      if (child instanceof Map<?, ?> m && !m.isEmpty()) {
        out.append('\n');
        writeMap(out, m, indent + 2, childPath);
      } else if (child instanceof Collection<?> c && !c.isEmpty()) {
        out.append('\n');
        writeList(out, c, indent + 2, childPath);
      } else {
        out.append(' ').append(inline(child, childPath)).append('\n');
      }
    }
  }

  private static void writeList(StringBuilder out, Collection<?> list, int indent, String path) {
    int i = 0;
    for (Object item : list) {
      String itemPath = path + "[" + i++ + "]";
      out.append(" ".repeat(indent)).append("- ");
      if (item instanceof Map<?, ?> m && !m.isEmpty()) {
        // The first entry shares the dash's line; the rest line up under it.
        StringBuilder nested = new StringBuilder();
        writeMap(nested, m, indent + 2, itemPath);
        out.append(nested, indent + 2, nested.length());
      } else if (item instanceof Collection<?> c && !c.isEmpty()) {
        StringBuilder nested = new StringBuilder();
        writeList(nested, c, indent + 2, itemPath);
        out.append(nested, indent + 2, nested.length());
      } else {
        out.append(inline(item, itemPath)).append('\n');
      }
    }
  }

  private static String inline(Object value, String path) {
    if (value == null) {
      throw new IllegalArgumentException("null at " + path + "; YAML output has no nulls");
    }
    if (value instanceof Map<?, ?>) {
      return "{}";
    }
    if (value instanceof Collection<?>) {
      return "[]";
    }
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("non-finite number at " + path);
      }
      return value.toString();
    }
    if (value instanceof CharSequence || value instanceof Enum<?>) {
      return scalar(value.toString());
    }
    throw new IllegalArgumentException(
        "cannot write a " + value.getClass().getName() + " at " + path);
  }

  private static boolean needsQuotes(String text) {
    if (RESERVED_WORDS.contains(text.toLowerCase(Locale.ROOT))) {
      return true;
    }
    // Anything that is not a conservative identifier-like token is quoted: that rules out
    // numbers in every YAML 1.1 form (hex, octal, base 60, 1_000), indicators and ": " / " #".
    return !PLAIN_SAFE.matcher(text).matches();
  }

  private static String quote(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
