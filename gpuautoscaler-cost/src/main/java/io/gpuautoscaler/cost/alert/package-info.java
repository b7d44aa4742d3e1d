/**
 * The built-in budget alert channels: {@code slack}, {@code webhook}, {@code pagerduty} (over the
 * JDK's HTTP client) and {@code email} (SMTP through Jakarta Mail). Each keeps its secrets out of
 * logs, exception messages and {@code toString}.
 */
package io.gpuautoscaler.cost.alert;
