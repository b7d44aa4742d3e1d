package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's GPU sharing policy: default {@link SharingRules} and, per namespace, rules that
 * replace them. A Kubernetes adapter backs it with a {@code GPUSharingPolicy} resource.
 *
 * <p>An override replaces the defaults as a whole (build it from them with the {@code with...}
 * methods of {@link SharingRules}), so that what applies to a namespace can be read in one place.
 *
 * @param defaults the rules of every namespace without an override
 * @param namespaces overrides by namespace name; copied and sorted
 */
@Beta
public record SharingPolicy(SharingRules defaults, Map<String, SharingRules> namespaces) {

  /** {@link SharingRules#DEFAULTS} everywhere. */
  public static final SharingPolicy DEFAULT = new SharingPolicy(SharingRules.DEFAULTS, Map.of());

  public SharingPolicy {
    requireNonNull(defaults, "defaults");
    requireNonNull(namespaces, "namespaces");
    TreeMap<String, SharingRules> copy = new TreeMap<>();
    namespaces.forEach(
        (namespace, rules) -> {
          nonBlank(namespace, "namespaces key");
          copy.put(namespace, requireNonNull(rules, "rules of namespace " + namespace));
        });
    namespaces = Collections.unmodifiableSortedMap(copy);
  }

  /** A policy with {@code defaults} everywhere. */
  public static SharingPolicy of(SharingRules defaults) {
    return new SharingPolicy(defaults, Map.of());
  }

  /** A copy where {@code namespace} follows {@code rules} (replacing any earlier override). */
  public SharingPolicy withNamespace(String namespace, SharingRules rules) {
    TreeMap<String, SharingRules> copy = new TreeMap<>(namespaces);
    copy.put(nonBlank(namespace, "namespace"), requireNonNull(rules, "rules"));
    return new SharingPolicy(defaults, copy);
  }

  /** The rules that apply in {@code namespace}: its override, else the defaults. */
  public SharingRules rulesFor(String namespace) {
    requireNonNull(namespace, "namespace");
    return namespaces.getOrDefault(namespace, defaults);
  }
}
