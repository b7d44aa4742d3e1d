package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  private Cli.Result run(String... args) {
    return Cli.run(Cli.environment(home, Map.of()), args);
  }

  private Path file(String name, String text) throws IOException {
    Path path = home.resolve(name);
    Files.writeString(path, text);
    return path;
  }

  @Test
  void profiles_printsTheTableOfAModel() {
    Cli.Result result = run("mig", "profiles", "--gpu", "NVIDIA-A100-SXM4-40GB");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("A100-40GB: 8 memory slices, 7 compute slices, device-filter 0x20B010DE,")
        .contains("PROFILE    ID  COMPUTE  MEMORY  GIB    MAX  SMS  PLACEMENTS")
        .contains("1g.10gb    15  1        2       9.62   4    14   {0,2,4,6}:2")
        .contains("3g.20gb    9   3        4       19.50  2    42   {0,4}:4");
  }

  @Test
  void profiles_unknownModelListsTheKnownOnes() {
    Cli.Result result = run("mig", "profiles", "--gpu", "G2");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("gpu-autoscaler mig profiles: Unknown GPU model 'G2'; known: A100-40GB,");
  }

  @Test
  void profiles_nonMigModelSaysSo() {
    Cli.Result result = run("mig", "profiles", "--gpu", "T4");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("GPU model 'T4' does not support MIG; MIG-capable models:");
  }

  @Test
  void check_placeablePrintsPlacementsAndAWorkingOrder() {
    Cli.Result result = run("mig", "check", "--gpu", "A100-40GB", "--profiles", "19,19,14,9");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("placeable on A100-40GB: 2×1g.5gb + 2g.10gb + 3g.20gb")
        .contains("1      3g.20gb  9   4:4        ....####")
        .contains("nvidia-smi mig -cgi 9,14,19,19 -C");
  }

  @Test
  void check_notPlaceableExits3WithTheReason() {
    Cli.Result result =
        run(
            "mig",
            "check",
            "--gpu",
            "A100-40GB",
            "--profiles",
            "1g.5gb,1g.5gb,1g.5gb,1g.5gb,1g.5gb,1g.5gb,1g.5gb,1g.5gb");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out())
        .isEqualTo(
            "not placeable on A100-40GB: 8×1g.5gb: 8×1g.5gb exceeds its max of 7 per A100-40GB\n");
  }

  @Test
  void check_unknownProfileExits2ListingTheModelsProfiles() {
    Cli.Result result = run("mig", "check", "--gpu", "A100-40GB", "--profiles", "1g.10gb+me");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "Unknown MIG profile '1g.10gb+me' for A100-40GB; its profiles: 1g.5gb, 1g.5gb+me,"
                + " 1g.10gb, 2g.10gb, 3g.20gb, 4g.20gb, 7g.40gb");
  }

  @Test
  void check_jsonForMachines() throws Exception {
    Cli.Result ok =
        run("mig", "check", "--gpu", "H200", "--profiles", "3g.71gb,3g.71gb", "--format", "json");
    Cli.Result no =
        run("mig", "check", "--gpu", "A30", "--profiles", "4g.24gb,1g.6gb", "--format", "json");

    JsonNode yes = JSON.readTree(ok.out());
    assertThat(ok.exitCode()).isZero();
    assertThat(yes.get("placeable").asBoolean()).isTrue();
    assertThat(yes.get("creationOrder")).hasSize(2);
    assertThat(yes.get("cgi").asText()).isEqualTo("9,9");
    JsonNode not = JSON.readTree(no.out());
    assertThat(no.exitCode()).isEqualTo(3);
    assertThat(not.get("placeable").asBoolean()).isFalse();
    assertThat(not.get("reason").asText()).isEqualTo("needs 5 compute slices, the A30 has 4");
  }

  @Test
  void plan_printsAssignmentsLabelsAndTheConfig() throws Exception {
    Path requests =
        file(
            "requests.csv",
            "# two trainers and notebooks\n"
                + "id,profile,memory_mib,compute_milli,models\n"
                + "train,3g.40gb,,,\n"
                + "nb-1,,8000,100,\n"
                + "nb-2,,8000,100,H100-80GB\n");

    Cli.Result result =
        run("mig", "plan", "--gpu", "H100-80GB", "--gpus", "2", "--requests", requests.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("3 of 3 requests placed; 1 GPUs in use after the plan; 1 nodes reconfigured;")
        .contains("train    node-0  0    nvidia.com/mig-3g.40gb  3g.40gb@0")
        .contains("kubectl label node node-0 --overwrite nvidia.com/mig.config=gpa-")
        .contains("version: v1", "mig-configs:", "\"3g.40gb\": 1", "\"1g.10gb\": 2");
  }

  @Test
  void plan_jsonWithAStateFile() throws Exception {
    Path state =
        file(
            "state.csv",
            "node,gpu,model,mig\n"
                + "a,0,NVIDIA-A100-SXM4-80GB,3g.40gb@4*;3g.40gb@0\n"
                + "a,1,NVIDIA-A100-SXM4-80GB,busy\n"
                + "b,0,NVIDIA-A30,off\n");
    Path requests = file("r.csv", "id,profile\nx,3g.40gb\ny,2g.12gb\nz,7g.80gb\n");

    Cli.Result result =
        run(
            "mig",
            "plan",
            "--state",
            state.toString(),
            "--requests",
            requests.toString(),
            "--format",
            "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = JSON.readTree(result.out());
    assertThat(root.get("placed").asInt()).isEqualTo(2);
    assertThat(root.get("assignments").get(0).get("node").asText()).isEqualTo("a");
    assertThat(root.get("assignments").get(0).get("start").asInt()).isZero();
    assertThat(root.get("unplacedRequests").get(0).get("reason").asText()).isEqualTo("NO_CAPACITY");
    assertThat(root.get("nodeConfigs")).hasSize(1);
    assertThat(root.get("nodeConfigs").get(0).get("node").asText()).isEqualTo("b");
  }

  @Test
  void plan_badFilesNameFileLineAndColumn() throws Exception {
    Path requests =
        file("r.csv", "id,profile,memory_mib,compute_milli\nok,1g.5gb,,\nbad,,lots,10\n");
    Cli.Result result = run("mig", "plan", "--gpu", "A100-40GB", "--requests", requests.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains(requests + ":3: column 'memory_mib': expected a whole number >= 0, was 'lots'");

    Path header = file("h.csv", "id,size\n");
    assertThat(run("mig", "plan", "--gpu", "A30", "--requests", header.toString()).err())
        .contains(header + ":1: column 'size': unknown column; known: id, profile, memory_mib,");

    Path state = file("s.csv", "node,gpu,model,mig\nn,0,A30,2g.12gb@1\n");
    Path ok = file("ok.csv", "id,profile\nx,1g.6gb\n");
    Cli.Result badState =
        run("mig", "plan", "--state", state.toString(), "--requests", ok.toString());
    assertThat(badState.exitCode()).isEqualTo(1);
    assertThat(badState.err())
        .contains(
            state
                + ":2: column 'mig': bad placement in '2g.12gb@1': 2g.12gb cannot start at"
                + " memory slice 1 on A30; allowed starts: [0, 2]");

    Path noCompute = file("c.csv", "id,memory_mib\nx,100\n");
    assertThat(run("mig", "plan", "--gpu", "A30", "--requests", noCompute.toString()).err())
        .contains(noCompute + ":2: column 'compute_milli': missing");
  }

  @Test
  void plan_needsExactlyOneSourceOfGpus() throws Exception {
    Path requests = file("r.csv", "id,profile\nx,1g.6gb\n");
    Cli.Result result = run("mig", "plan", "--requests", requests.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("give either --gpu MODEL (with --gpus N) or --state FILE");
  }

  @Test
  void plan_singleStrategyAsksForWholeGpuResources() throws Exception {
    Path requests = file("r.csv", "id,profile\na,1g.5gb\nb,1g.5gb\n");
    Cli.Result result =
        run(
            "mig",
            "plan",
            "--gpu",
            "NVIDIA-A100-SXM4-40GB",
            "--gpus",
            "2",
            "--strategy",
            "single",
            "--requests",
            requests.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("nvidia.com/gpu  1g.5gb@")
        .contains("node-0: nvidia.com/gpu.product=NVIDIA-A100-SXM4-40GB-MIG-1g.5gb");
  }
}
