package io.gpuautoscaler.core.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Checks a device plugin sharing config against the schema of the NVIDIA device plugin's v1 API
 * (shared/reference/gpu-sharing.md section 1): read back by a real YAML parser.
 */
public final class DevicePluginConfigs {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private DevicePluginConfigs() {}

  /**
   * Parses {@code document} and checks: {@code version: v1}; only {@code sharing} besides it;
   * exactly {@code key} under {@code sharing}; booleans {@code renameByDefault} and {@code
   * failRequestsGreaterThanOne}; a non-empty {@code resources} list whose entries have a string
   * {@code name} and an integer {@code replicas >= 2}.
   *
   * @return the parsed {@code sharing.<key>} node
   */
  public static JsonNode checkSharingConfig(String document, String key) {
    JsonNode root;
    try {
      root = YAML.readTree(document);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(root.get("version").isTextual()).isTrue();
    assertThat(root.get("version").asText()).isEqualTo("v1");
    assertThat(Set.copyOf(iterable(root.fieldNames())))
        .containsExactlyInAnyOrder("version", "sharing");
    JsonNode sharing = root.get("sharing");
    assertThat(Set.copyOf(iterable(sharing.fieldNames()))).containsExactly(key);
    JsonNode shared = sharing.get(key);
    assertThat(shared.get("renameByDefault").isBoolean()).isTrue();
    assertThat(shared.get("failRequestsGreaterThanOne").isBoolean()).isTrue();
    JsonNode resources = shared.get("resources");
    assertThat(resources.isArray()).isTrue();
    assertThat(resources.size()).isPositive();
    for (JsonNode resource : resources) {
      assertThat(resource.get("name").isTextual()).isTrue();
      assertThat(resource.get("name").asText()).isEqualTo("nvidia.com/gpu");
      assertThat(resource.get("replicas").isInt()).isTrue();
      assertThat(resource.get("replicas").asInt()).isGreaterThanOrEqualTo(2);
    }
    return shared;
  }

  private static java.util.List<String> iterable(java.util.Iterator<String> it) {
    var list = new java.util.ArrayList<String>();
    it.forEachRemaining(list::add);
    return list;
  }
}
