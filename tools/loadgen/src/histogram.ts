import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

/** Highest recordable latency in microseconds (60 s); longer values are clamped to it. */
export const highestTrackableMicros = 60_000_000;

/** Latency percentiles in milliseconds, read from an HDR histogram. */
export interface Percentiles {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  /** The 99.9th percentile. */
  p999: number;
  max: number;
}

/** Creates a histogram of microsecond values up to 60 s with 3 significant digits. */
export function createHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: highestTrackableMicros,
    numberOfSignificantValueDigits: 3,
  });
}

/** Records a duration given in milliseconds, as whole microseconds of at least 1. */
export function recordMillis(histogram: Histogram, millis: number): void {
  const micros = Math.round(millis * 1000);
  histogram.recordValue(Math.min(Math.max(micros, 1), highestTrackableMicros));
}

/**
 * Encodes a histogram in HdrHistogram's compressed base64 form, which other
 * HdrHistogram libraries (Java, Go, HdrHistogram_c) decode too.
 */
export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** Decodes a histogram written by `encodeHistogram`. */
export function decodeHistogram(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded, 32, false, highestTrackableMicros);
}

/** Reads the reported percentiles, converted from microseconds to milliseconds. */
export function percentilesOf(histogram: Histogram): Percentiles {
  const count = histogram.totalCount;
  const at = (percentile: number): number => (count === 0 ? 0 : toMillis(histogram.getValueAtPercentile(percentile)));
  return {
    count,
    mean: count === 0 ? 0 : toMillis(histogram.mean),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: count === 0 ? 0 : toMillis(histogram.maxValue),
  };
}

/**
 * Formats an encoded histogram as an `.hgrm` percentile distribution in
 * milliseconds, the text that HdrHistogram's plotter and wrk2 read and write.
 */
export function toHgrm(encoded: string): string {
  return decodeHistogram(encoded).outputPercentileDistribution(5, 1000);
}

function toMillis(micros: number): number {
  return Math.round(micros) / 1000;
}
