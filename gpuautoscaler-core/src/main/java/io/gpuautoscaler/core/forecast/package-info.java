/**
 * Demand forecasting: hourly demand series built from job traces and from Helios per-minute VC
 * series ({@link io.gpuautoscaler.core.forecast.DemandSeries}, {@link
 * io.gpuautoscaler.core.forecast.JobDemand}, {@link
 * io.gpuautoscaler.core.forecast.HeliosSequenceReader}), forecasters behind {@link
 * io.gpuautoscaler.core.forecast.Forecaster} (seasonal-naive and the project's weekly profile),
 * error metrics ({@link io.gpuautoscaler.core.forecast.ForecastError}) and the last-week evaluation
 * ({@link io.gpuautoscaler.core.forecast.ForecastEvaluation}). Pure computation: no clock, no
 * randomness.
 */
package io.gpuautoscaler.core.forecast;
