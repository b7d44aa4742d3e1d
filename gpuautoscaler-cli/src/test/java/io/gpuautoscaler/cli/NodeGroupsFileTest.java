package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.core.pricing.PriceTable;
import io.gpuautoscaler.core.scaling.Cloud;
import io.gpuautoscaler.core.scaling.DefaultNodeGroups;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node-groups YAML: the default set, a good file, and each kind of error with its line. */
class NodeGroupsFileTest {
  @TempDir Path temp;

  private static final String GROUP =
      """
        - id: g1
          cloud: gcp
          region: us-central1
          zone: us-central1-a
          instanceType: a2-highgpu-8g
          gpuModel: A100-40GB
          gpusPerNode: 8
          cpusPerNode: 96
          memoryGiBPerNode: 680
          capacityType: spot
          min: 0
          max: 10
          provisioningDelay: 2m
          interruptionsPerHour: 0.1
      """;

  @Test
  void defaults_areTheDefaultNodeGroupsAndFourReservedNodes() {
    List<NodeGroupsFile.Spec> specs = NodeGroupsFile.defaults(PriceTable.embedded());

    List<NodeGroup> expected = DefaultNodeGroups.groups();
    assertThat(specs).hasSize(expected.size() + 1);
    for (int i = 0; i < expected.size(); i++) {
      NodeGroupsFile.Spec spec = specs.get(i);
      assertThat(spec.group()).isEqualTo(expected.get(i));
      assertThat(spec.simulated().cloud()).isEqualTo(Cloud.GCP);
      assertThat(spec.simulated().provisioningDelay())
          .isEqualTo(Duration.ofSeconds(DefaultNodeGroups.PROVISIONING_DELAY_SECONDS));
      assertThat(spec.simulated().interruptionsPerHour())
          .isEqualTo(
              spec.group().capacityType() == CapacityType.SPOT
                  ? DefaultNodeGroups.SPOT_INTERRUPTIONS_PER_HOUR
                  : 0);
      assertThat(spec.priceSource()).isEqualTo("gcp-cyclenerd (as of 2026-07-30)");
    }
    NodeGroup reserved = specs.get(4).group();
    assertThat(reserved.id()).isEqualTo("a2-highgpu-8g-reserved");
    assertThat(reserved.capacityType()).isEqualTo(CapacityType.RESERVED);
    assertThat(List.of(reserved.minSize(), reserved.maxSize(), reserved.targetSize()))
        .containsOnly(4);
    assertThat(reserved.pricePerHourUsd())
        .isCloseTo(0.63 * 29.38708, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(specs.get(4).priceSource()).isEqualTo("node-groups file");
  }

  @Test
  void defaults_equalTheDocumentedExampleFile() throws Exception {
    Path example = Path.of("..", "docs", "examples", "node-groups.yaml");
    try (InputStream in =
        NodeGroupsFile.class.getResourceAsStream(NodeGroupsFile.DEFAULT_RESOURCE)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(example));
    }
  }

  @Test
  void goodFile_withOptionalFieldsAndAnAwsGroupPricedByTheTable() throws Exception {
    Path file =
        write(
            "nodeGroups:\n"
                + GROUP
                + """
                  - id: p4d
                    cloud: aws
                    region: us-east-1
                    zone: us-east-1a
                    instanceType: p4d.24xlarge
                    gpuModel: A100-40GB
                    gpusPerNode: 8
                    cpusPerNode: 96
                    memoryGiBPerNode: 1152
                    capacityType: on-demand
                    min: 1
                    max: 20
                    initial: 2
                    capacityLimit: 12
                    provisioningDelay: 90s
                """);

    List<NodeGroupsFile.Spec> specs = NodeGroupsFile.read(file, PriceTable.embedded());

    assertThat(specs).hasSize(2);
    assertThat(specs.get(0).group().pricePerHourUsd()).isEqualTo(15.42416);
    assertThat(specs.get(0).simulated().provisioningDelay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(specs.get(0).simulated().interruptionsPerHour()).isEqualTo(0.1);
    NodeGroupsFile.Spec aws = specs.get(1);
    assertThat(aws.simulated().cloud()).isEqualTo(Cloud.AWS);
    assertThat(aws.group().pricePerHourUsd()).isEqualTo(21.957642);
    assertThat(aws.group().targetSize()).isEqualTo(2);
    assertThat(aws.group().memoryMibPerNode()).isEqualTo(1152 * 1024);
    assertThat(aws.simulated().capacityLimit()).isEqualTo(12);
    assertThat(aws.region()).isEqualTo("us-east-1");
  }

  @Test
  void unknownField_isAnErrorWithItsLine() throws Exception {
    assertError("nodeGroups:\n" + GROUP + "    color: blue\n", ":16: unknown field 'color'");
    assertError("groups: []\n", ":1: unknown field 'groups'");
  }

  @Test
  void missingRequiredField_namesTheGroupAndField() throws Exception {
    assertError(
        "nodeGroups:\n" + GROUP.replace("    zone: us-central1-a\n", ""),
        ":2: group 'g1' (line 2): missing required field 'zone'");
    assertError(
        "nodeGroups:\n" + GROUP.replace("    interruptionsPerHour: 0.1\n", ""),
        ":2: group 'g1' (line 2): missing field 'interruptionsPerHour', required for spot groups");
    assertError("nodeGroups:\n  - gpusPerNode: 8\n", ":2: missing required field 'id'");
  }

  @Test
  void absentPriceWithoutTableEntry_namesGroupFileAndLine() throws Exception {
    assertError(
        "nodeGroups:\n" + GROUP.replace("a2-highgpu-8g", "a9-made-up"),
        ":2: group 'g1' (line 2): field 'pricePerHour' is absent and the price table has no price"
            + " for gcp us-central1 a9-made-up spot; give pricePerHour, or a price file with --prices");
  }

  @Test
  void badValues_nameTheFieldAndLine() throws Exception {
    assertError(
        "nodeGroups:\n" + GROUP.replace("gpusPerNode: 8", "gpusPerNode: eight"),
        ":8: field 'gpusPerNode': expected a whole number, found 'eight'");
    assertError(
        "nodeGroups:\n" + GROUP.replace("gpusPerNode: 8", "gpusPerNode: 0"),
        ":8: field 'gpusPerNode': must be in 1..1000000, was 0");
    assertError(
        "nodeGroups:\n" + GROUP.replace("capacityType: spot", "capacityType: preemptible"),
        ":11: field 'capacityType': unknown capacity type 'preemptible'");
    assertError(
        "nodeGroups:\n" + GROUP.replace("cloud: gcp", "cloud: ibm"),
        ":3: field 'cloud': unknown cloud 'ibm'");
    assertError(
        "nodeGroups:\n" + GROUP.replace("provisioningDelay: 2m", "provisioningDelay: soon"),
        ":14: field 'provisioningDelay': expected a whole number and a unit");
    assertError(
        "nodeGroups:\n" + GROUP.replace("max: 10", "max: -1"),
        ":13: field 'max': must be in 0..1000000, was -1");
    assertError(
        "nodeGroups:\n" + GROUP.replace("min: 0", "min: 5").replace("max: 10", "max: 3"),
        ":13: field 'max': must be >= min 5, was 3");
    assertError(
        "nodeGroups:\n" + GROUP.replace("capacityType: spot", "capacityType: on-demand"),
        ":15: field 'interruptionsPerHour': must be 0 or absent");
    assertError(
        "nodeGroups:\n" + GROUP.replace("max: 10", "max: [1, 2]"),
        ":13: field 'max': expected a single value");
  }

  @Test
  void repeatedFieldsAndGroups_areErrors() throws Exception {
    assertError("nodeGroups:\n" + GROUP + "    min: 1\n", ":16: field 'min' is given twice");
    assertError(
        "nodeGroups:\n" + GROUP + GROUP, ":16: field 'id': a second group 'g1' (first on line 2)");
  }

  @Test
  void emptyOrMalformedFiles_areErrors() throws Exception {
    assertError("", ": the file is empty");
    assertError("nodeGroups: []\n", "the list has no group");
    assertError("- a\n- b\n", ":1: expected 'nodeGroups:'");
    assertError("nodeGroups:\n  - id: a\n    \"unclosed\n", "not valid YAML");
  }

  private Path write(String content) throws Exception {
    Path file = temp.resolve("groups.yaml");
    Files.writeString(file, content);
    return file;
  }

  private void assertError(String content, String expected) throws Exception {
    Path file = write(content);
    assertThatThrownBy(() -> NodeGroupsFile.read(file, PriceTable.embedded()))
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(expected);
  }
}
