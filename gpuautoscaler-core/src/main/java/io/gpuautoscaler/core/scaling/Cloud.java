package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import java.time.Duration;

/** A cloud, as far as the simulation needs one: how long its spot interruption notice is. */
@Beta
public enum Cloud {
  /** EC2 spot interruption warning: two minutes before the instance stops (AWS EC2 docs). */
  AWS(Duration.ofMinutes(2)),
  /** GCP spot and preemptible VMs: ACPI soft-off, hard off 30 seconds later (GCP docs). */
  GCP(Duration.ofSeconds(30)),
  /** Azure spot VMs: the Scheduled Events {@code Preempt} notice, at least 30 seconds. */
  AZURE(Duration.ofSeconds(30));

  private final Duration noticePeriod;

  Cloud(Duration noticePeriod) {
    this.noticePeriod = noticePeriod;
  }

  /** Lead time between a spot interruption notice and the node going away. */
  public Duration noticePeriod() {
    return noticePeriod;
  }
}
