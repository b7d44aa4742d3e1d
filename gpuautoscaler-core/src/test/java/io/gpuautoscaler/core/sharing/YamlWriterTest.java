package io.gpuautoscaler.core.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YamlWriterTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void write_migPartedShape() {
    var devices = new LinkedHashMap<String, Object>();
    devices.put("1g.10gb", 2);
    devices.put("3g.40gb", 1);
    var entry = new LinkedHashMap<String, Object>();
    entry.put("devices", List.of(0, 1));
    entry.put("device-filter", List.of("0x233010DE"));
    entry.put("mig-enabled", true);
    entry.put("mig-devices", devices);
    var doc = new LinkedHashMap<String, Object>();
    doc.put("version", "v1");
    doc.put("mig-configs", Map.of("all-balanced", List.of(entry, Map.of("devices", "all"))));

    String yaml = YamlWriter.write(doc);

    assertThat(yaml)
        .isEqualTo(
            """
            version: v1
            mig-configs:
              all-balanced:
                - devices:
                    - 0
                    - 1
                  device-filter:
                    - "0x233010DE"
                  mig-enabled: true
                  mig-devices:
                    "1g.10gb": 2
                    "3g.40gb": 1
                - devices: all
            """);
  }

  @Test
  void write_emptyCollectionsAreFlow() {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("mig-devices", Map.of());
    doc.put("list", List.of());
    assertThat(YamlWriter.write(doc)).isEqualTo("mig-devices: {}\nlist: []\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yes",
        "No",
        "off",
        "null",
        "~",
        "true",
        "0x20B010DE",
        "1g.10gb",
        "010",
        "1:20",
        "1_000",
        "-",
        "- a",
        "a: b",
        "a #b",
        " lead",
        "trail ",
        "#x",
        "&a",
        "*a",
        "!t",
        "|",
        ">",
        "'q'",
        "\"q\"",
        "%p",
        "@x",
        "`x",
        "{x}",
        "[x]",
        "a,b",
        "line\nbreak",
        "tab\tx",
        "back\\slash",
        "?",
        "3.5",
        ".inf",
        "=",
        "<<"
      })
  void scalar_readsBackAsTheSameString(String text) throws Exception {
    String yaml = YamlWriter.write(Map.of("k", text));
    @SuppressWarnings("unchecked")
    Map<String, Object> read = YAML.readValue(yaml, Map.class);
    assertThat(read.get("k")).as(yaml).isEqualTo(text);
  }

  @Test
  void scalar_leavesPlainWordsPlain() {
    assertThat(YamlWriter.scalar("nvidia.com/gpu")).isEqualTo("nvidia.com/gpu");
    assertThat(YamlWriter.scalar("all")).isEqualTo("all");
    assertThat(YamlWriter.scalar("gpa-node-1")).isEqualTo("gpa-node-1");
    assertThat(YamlWriter.scalar("1g.10gb")).isEqualTo("\"1g.10gb\"");
  }

  @Test
  void write_randomDocumentsRoundTrip() throws Exception {
    for (long seed = 0; seed < 200; seed++) {
      var random = new SplittableRandom(seed);
      Object doc = randomMap(random, 0);
      String yaml = YamlWriter.write(doc);
      Object read = YAML.readValue(yaml, Object.class);
      assertThat(read).as("seed " + seed + ":\n" + yaml).isEqualTo(doc);
    }
  }

  @Test
  void write_rejectsNullsAndOtherTypesWithTheirPath() {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("a", java.util.Collections.singletonList(null));
    assertThatThrownBy(() -> YamlWriter.write(doc)).hasMessageContaining("null at $.a[0]");
    assertThatThrownBy(() -> YamlWriter.write(Map.of("b", new Object())))
        .hasMessageContaining("cannot write a java.lang.Object at $.b");
  }

  private static Map<String, Object> randomMap(SplittableRandom random, int depth) {
    var map = new LinkedHashMap<String, Object>();
    int n = random.nextInt(depth == 0 ? 1 : 0, 4);
    for (int i = 0; i < n; i++) {
      map.put(randomString(random) + i, randomValue(random, depth + 1));
    }
    return map;
  }

  private static Object randomValue(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth > 3 ? 3 : 5);
    return switch (kind) {
      case 0 -> randomString(random);
      case 1 -> random.nextInt(-5, 100_000);
      case 2 -> random.nextBoolean();
      case 3 -> randomMap(random, depth);
      default -> {
        var list = new ArrayList<Object>();
        int n = random.nextInt(0, 4);
        for (int i = 0; i < n; i++) {
          list.add(randomValue(random, depth + 1));
        }
        yield list;
      }
    };
  }

  private static String randomString(SplittableRandom random) {
    String alphabet = "ab1 :-#'\"\\.x+/{}[],&*!|>%@`?\n\tyYnN0";
    var sb = new StringBuilder();
    int n = random.nextInt(0, 7);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    String[] words = {"yes", "off", "null", "0x1F", "1g.5gb", "true", "~", "all"};
    return random.nextInt(4) == 0 ? words[random.nextInt(words.length)] : sb.toString();
  }
}
