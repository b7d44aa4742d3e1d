/**
 * Extension points. Each SPI is an interface with a nested {@code Provider} (a {@link
 * io.gpuautoscaler.api.spi.NamedProvider}) registered in {@code META-INF/services} and found by
 * name through a {@link io.gpuautoscaler.api.spi.ProviderRegistry}.
 */
package io.gpuautoscaler.api.spi;
