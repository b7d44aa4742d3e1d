package io.gpuautoscaler.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenbTraceReaderTest {
  private static final String NODE_HEADER = "sn,cpu_milli,memory_mib,gpu,model\n";
  private static final String POD_HEADER_5 = "name,cpu_milli,memory_mib,num_gpu,gpu_milli\n";
  private static final String POD_HEADER_11 =
      "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,"
          + "deletion_time,scheduled_time\n";

  private static List<TracePod> pods(String csv) throws IOException {
    return OpenbTraceReader.readPods(new BufferedReader(new StringReader(csv)), "pods.csv");
  }

  private static List<GpuNode> nodes(String csv) throws IOException {
    return OpenbTraceReader.readNodes(new BufferedReader(new StringReader(csv)), "nodes.csv");
  }

  @Test
  void readNodes_readsGpuAndCpuOnlyNodes() throws IOException {
    List<GpuNode> nodes =
        nodes(
            NODE_HEADER
                + "openb-node-0000,64000,262144,2,P100\nopenb-node-0001,32000,262144,0,\n"
                + "openb-node-0002,32000,262144,0,nan\n");

    assertThat(nodes)
        .containsExactly(
            GpuNode.of("openb-node-0000", 64000, 262144, 2, "P100"),
            GpuNode.cpuOnly("openb-node-0001", 32000, 262144),
            GpuNode.cpuOnly("openb-node-0002", 32000, 262144));
  }

  @Test
  void readNodes_findsColumnsByTheHeaderAndSkipsAByteOrderMark() throws IOException {
    List<GpuNode> nodes = nodes("\uFEFFmodel,gpu,sn,memory_mib,cpu_milli\nT4,4,n1,393216,96000\n");

    assertThat(nodes).containsExactly(GpuNode.of("n1", 96000, 393216, 4, "T4"));
  }

  @Test
  void readPods_readsTheFiveColumnForm() throws IOException {
    List<TracePod> pods =
        pods(
            POD_HEADER_5
                + "p0,12000,16384,1,1000\np1,6000,12288,1,460\np2,88000,327680,8,1000\n"
                + "p3,4000,8192,0,0\n");

    assertThat(pods)
        .extracting(TracePod::workload)
        .containsExactly(
            Workload.builder("p0").cpuMilli(12000).memoryMib(16384).wholeGpus(1).build(),
            Workload.builder("p1").cpuMilli(6000).memoryMib(12288).gpuShare(460).build(),
            Workload.builder("p2").cpuMilli(88000).memoryMib(327680).wholeGpus(8).build(),
            Workload.builder("p3").cpuMilli(4000).memoryMib(8192).build());
    assertThat(pods.get(0)).isEqualTo(TracePod.of(pods.get(0).workload()));
  }

  @Test
  void readPods_readsTheElevenColumnFormWithSpecLabelsAndTimes() throws IOException {
    List<TracePod> pods =
        pods(
            POD_HEADER_11
                + "p0,12000,16384,1,1000,V100M16|V100M32,LS,Running,0,12537496,0\n"
                + "p1,6000,12288,1,460,,BE,Pending,427061,12902960,\n"
                + "p2,6000,12288,1,460,nan,,,5,,\n");

    TracePod first = pods.get(0);
    assertThat(first.workload().allowedGpuModels()).containsExactly("V100M16", "V100M32");
    assertThat(first.workload().labels())
        .containsOnly(
            Map.entry(TracePod.QOS_LABEL, "LS"), Map.entry(TracePod.PHASE_LABEL, "Running"));
    assertThat(first.creationTimeSeconds()).isEqualTo(OptionalLong.of(0));
    assertThat(first.deletionTimeSeconds()).isEqualTo(OptionalLong.of(12537496));
    assertThat(first.scheduledTimeSeconds()).isEqualTo(OptionalLong.of(0));
    TracePod pending = pods.get(1);
    assertThat(pending.workload().allowedGpuModels()).isEmpty();
    assertThat(pending.scheduledTimeSeconds()).isEmpty();
    TracePod bare = pods.get(2);
    assertThat(bare.workload().allowedGpuModels()).isEmpty();
    assertThat(bare.workload().labels()).isEmpty();
    assertThat(bare.creationTimeSeconds()).isEqualTo(OptionalLong.of(5));
    assertThat(bare.deletionTimeSeconds()).isEmpty();
  }

  @Test
  void readPods_acceptsWindowsLineEndings() throws IOException {
    String csv =
        POD_HEADER_11.replace("\n", "\r\n") + "p0,12000,16384,1,500,T4,LS,Running,0,12537496,\r\n";

    List<TracePod> pods = pods(csv);

    assertThat(pods.get(0).workload().allowedGpuModels()).containsExactly("T4");
    assertThat(pods.get(0).scheduledTimeSeconds()).isEmpty();
    assertThat(nodes(NODE_HEADER.replace("\n", "\r\n") + "n0,8000,1024,1,T4\r\n"))
        .containsExactly(GpuNode.of("n0", 8000, 1024, 1, "T4"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "unknown column|name,cpu_milli,memory_mib,num_gpu,gpu_milli,colour\\np0,1,1,0,0,red"
            + "|pods.csv:1: column 'colour': unknown column; expected [name, cpu_milli, memory_mib,"
            + " num_gpu, gpu_milli] and optionally [gpu_spec, qos, pod_phase, creation_time,"
            + " deletion_time, scheduled_time]",
        "missing column|name,cpu_milli,num_gpu,gpu_milli\\np0,1,0,0"
            + "|pods.csv:1: column 'memory_mib': required column is missing; header is [name,"
            + " cpu_milli, num_gpu, gpu_milli]",
        "repeated column|name,cpu_milli,memory_mib,num_gpu,gpu_milli,cpu_milli\\np0,1,1,0,0,1"
            + "|pods.csv:1: column 'cpu_milli': column appears twice",
        "too few fields|H\\np0,1,1,0,0\\np1,1,1,0|pods.csv:3: expected 5 fields, found 4",
        "too many fields|H\\np0,1,1,0,0,7|pods.csv:2: expected 5 fields, found 6",
        "not an integer|H\\n"
            + "p0,1.5,1,0,0|pods.csv:2: column 'cpu_milli': expected an integer, found '1.5'",
        "empty number|H\\np0,1,,0,0|pods.csv:2: column 'memory_mib': expected an integer, found ''",
        "negative CPU|H\\n"
            + "p0,-1,1,0,0|pods.csv:2: column 'cpu_milli': must be in 0..9223372036854775807, was"
            + " -1",
        "share above a GPU|H\\n"
            + "p0,1,1,1,1200|pods.csv:2: column 'gpu_milli': must be in 0..1000, was 1200",
        "share without GPUs|H\\n"
            + "p0,1,1,0,500|pods.csv:2: column 'gpu_milli': must be 0 for a pod with num_gpu 0, was"
            + " 500",
        "GPUs without share|H\\n"
            + "p0,1,1,2,0|pods.csv:2: column 'gpu_milli': must be 1..1000 for a pod with num_gpu 2,"
            + " was 0",
        "shared multi-GPU|H\\n"
            + "p0,1,1,2,500|pods.csv:2: column 'gpu_milli': must be 1000 for a pod with num_gpu 2,"
            + " was 500",
        "duplicate name|H\\n"
            + "p0,1,1,0,0\\n"
            + "p1,1,1,0,0\\n"
            + "p0,2,2,0,0|pods.csv:4: column 'name': duplicate pod name 'p0'",
        "empty name|H\\n ,1,1,0,0|pods.csv:2: column 'name': must not be empty",
        "blank line|H\\np0,1,1,0,0\\n\\np1,1,1,0,0|pods.csv:3: blank line",
        "quoted field|H\\n"
            + "\"p0\",1,1,0,0|pods.csv:2: quoted fields are not supported in this format",
        "empty file||pods.csv: the file is empty; expected a header",
      })
  void readPods_failsWithFileLineAndColumn(String what, String csv, String message) {
    String text = csv == null ? "" : csv.replace("\\n", "\n").replace("H\n", POD_HEADER_5);

    assertThatThrownBy(() -> pods(text))
        .isInstanceOf(InputFormatException.class)
        .hasMessage(message);
  }

  @Test
  void readPods_failsOnAnEmptyModelInTheSpec() {
    String csv = POD_HEADER_11 + "p0,1,1,1,100,A10||T4,LS,Running,0,1,0\n";

    assertThatThrownBy(() -> pods(csv))
        .isInstanceOf(InputFormatException.class)
        .hasMessage("pods.csv:2: column 'gpu_spec': empty model in 'A10||T4'")
        .satisfies(
            e -> {
              InputFormatException ife = (InputFormatException) e;
              assertThat(ife.source()).isEqualTo("pods.csv");
              assertThat(ife.line()).isEqualTo(2);
              assertThat(ife.column()).isEqualTo("gpu_spec");
            });
  }

  @Test
  void readPods_failsOnANegativeTime() {
    String csv = POD_HEADER_11 + "p0,1,1,1,100,,LS,Running,-3,1,0\n";

    assertThatThrownBy(() -> pods(csv))
        .isInstanceOf(InputFormatException.class)
        .hasMessage(
            "pods.csv:2: column 'creation_time': must be in 0..9223372036854775807, was -3");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GPUs without model|n0,1,1,2,|nodes.csv:2: column 'model': a node with 2 GPUs needs a GPU"
            + " model",
        "GPUs with nan model|n0,1,1,2,NaN|nodes.csv:2: column 'model': a node with 2 GPUs needs a"
            + " GPU model",
        "model without GPUs|n0,1,1,0,T4|nodes.csv:2: column 'model': a node without GPUs cannot"
            + " have GPU model 'T4'",
        "too many GPUs|n0,1,1,2000,T4|nodes.csv:2: column 'gpu': must be in 0..1024, was 2000",
        "not an integer|n0,1,x,2,T4|nodes.csv:2: column 'memory_mib': expected an integer, found"
            + " 'x'",
      })
  void readNodes_failsWithFileLineAndColumn(String what, String line, String message) {
    assertThatThrownBy(() -> nodes(NODE_HEADER + line + "\n"))
        .isInstanceOf(InputFormatException.class)
        .hasMessage(message);
  }

  @Test
  void readNodes_failsOnADuplicateName() {
    assertThatThrownBy(() -> nodes(NODE_HEADER + "n0,1,1,0,\nn0,1,1,0,\n"))
        .isInstanceOf(InputFormatException.class)
        .hasMessage("nodes.csv:3: column 'sn': duplicate node name 'n0'");
  }

  @Test
  void readNodes_failsOnAPodListHeader() {
    assertThatThrownBy(() -> nodes(POD_HEADER_5))
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith("nodes.csv:1: column 'name': unknown column; expected [sn,");
  }

  @Test
  void read_readsBothFilesAndNamesTheTraceAfterThem(@TempDir Path dir) throws IOException {
    Path nodeFile = Files.writeString(dir.resolve("n.csv"), NODE_HEADER + "n0,8000,1024,1,T4\n");
    Path podFile = Files.writeString(dir.resolve("p.csv"), POD_HEADER_5 + "p0,100,10,1,500\n");

    Trace trace = OpenbTraceReader.read(nodeFile, podFile);

    assertThat(trace.description()).isEqualTo("n.csv + p.csv");
    assertThat(trace.nodes()).containsExactly(GpuNode.of("n0", 8000, 1024, 1, "T4"));
    assertThat(trace.workloads()).extracting(Workload::name).containsExactly("p0");
  }

  @Test
  void read_namesTheFullPathInFormatErrors(@TempDir Path dir) throws IOException {
    Path nodeFile = Files.writeString(dir.resolve("n.csv"), NODE_HEADER + "n0,8000,1024,1,T4\n");
    Path podFile = Files.writeString(dir.resolve("p.csv"), POD_HEADER_5 + "p0,100,10,1,5000\n");

    assertThatThrownBy(() -> OpenbTraceReader.read(nodeFile, podFile))
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(podFile + ":2: column 'gpu_milli'");
  }

  @Test
  void read_failsWithTheFileWhenItIsMissing(@TempDir Path dir) {
    Path missing = dir.resolve("nope.csv");

    assertThatThrownBy(() -> OpenbTraceReader.read(missing, missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot read node list " + missing);
  }

  @Test
  void readPods_keepsAllowedModelsSorted() throws IOException {
    List<TracePod> pods = pods(POD_HEADER_11 + "p0,1,1,1,100,T4|A10|P100,LS,Running,0,1,0\n");

    assertThat(pods.get(0).workload().allowedGpuModels()).containsExactly("A10", "P100", "T4");
    assertThat(pods.get(0).workload().allowsModel("P100")).isTrue();
    assertThat(pods.get(0).workload().allowedGpuModels()).isEqualTo(Set.of("A10", "P100", "T4"));
  }
}
