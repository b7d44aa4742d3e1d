package io.gpuautoscaler.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.core.cluster.ClusterState;
import java.net.URL;
import java.util.Set;

/**
 * The dependency rules of ARCHITECTURE.md, checked on the compiled api and core classes (not the
 * tests): api knows only the JDK; core knows only the JDK, SLF4J and api, and none of Kubernetes, a
 * cloud SDK, a database or an HTTP stack; nothing below the CLI knows it; core's packages form no
 * cycle.
 */
@AnalyzeClasses(
    locations = ArchitectureTest.ApiAndCore.class,
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** Where api's and core's classes were loaded from: a classes folder or a jar each. */
  static final class ApiAndCore implements LocationProvider {
    @Override
    public Set<Location> get(Class<?> testClass) {
      return Set.of(
          Location.of(codeSource(Workload.class)), Location.of(codeSource(ClusterState.class)));
    }

    private static URL codeSource(Class<?> type) {
      return type.getProtectionDomain().getCodeSource().getLocation();
    }
  }

  @ArchTest
  static final ArchRule api_dependsOnlyOnTheJdk =
      classes()
          .that()
          .resideInAPackage("io.gpuautoscaler.api..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "io.gpuautoscaler.api..");

  @ArchTest
  static final ArchRule core_dependsOnlyOnTheJdkSlf4jAndApi =
      classes()
          .that()
          .resideInAPackage("io.gpuautoscaler.core..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..", "org.slf4j..", "io.gpuautoscaler.api..", "io.gpuautoscaler.core..");

  @ArchTest
  static final ArchRule core_knowsNoKubernetesCloudDatabaseOrHttp =
      noClasses()
          .that()
          .resideInAPackage("io.gpuautoscaler.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.fabric8..",
              "io.kubernetes..",
              "io.javaoperatorsdk..",
              "software.amazon..",
              "com.amazonaws..",
              "com.google.cloud..",
              "com.azure..",
              "com.microsoft.azure..",
              "java.sql..",
              "javax.sql..",
              "org.jdbi..",
              "com.sun.net.httpserver..",
              "java.net.http..",
              "io.netty..",
              "io.vertx..",
              "org.eclipse.jetty..");

  @ArchTest
  static final ArchRule apiAndCore_doNotKnowTheCli =
      noClasses()
          .that()
          .resideInAnyPackage("io.gpuautoscaler.api..", "io.gpuautoscaler.core..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.gpuautoscaler.cli..");

  @ArchTest
  static final ArchRule corePackages_areFreeOfCycles =
      slices().matching("io.gpuautoscaler.core.(*)..").should().beFreeOfCycles();
}
