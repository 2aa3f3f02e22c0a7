import type { SpanDrops } from '../report/tracing-cost';
import type { ServiceName } from '../report/types';

const SCRAPE_TIMEOUT_MS = 3000;

/** The counter every service increments for each span its exporter pipeline gives up on. */
export const SDK_DROPPED_COUNTER = 'telemetry_spans_dropped_total';

/**
 * The Collector's counters of spans it refused, failed or could not send.
 * Names as otelcol v0.165.0 exposes them: they carry no `_total` suffix, and
 * a counter appears only once it was first incremented, so a missing one is 0.
 */
export const COLLECTOR_DROPPED_COUNTERS: readonly string[] = [
  'otelcol_receiver_refused_spans',
  'otelcol_receiver_failed_spans',
  'otelcol_processor_memory_limiter_refused_spans',
  'otelcol_exporter_send_failed_spans',
  'otelcol_exporter_enqueue_failed_spans',
];

const COLLECTOR_ACCEPTED_COUNTER = 'otelcol_receiver_accepted_spans';
const COLLECTOR_SENT_COUNTER = 'otelcol_exporter_sent_spans';

/** Readings of the span counters at one moment; a null reading is a /metrics that failed. */
export interface SpanCounterReading {
  services: Partial<Record<ServiceName, number | null>>;
  collector: { accepted: number; sent: number; dropped: number } | null;
}

/**
 * Sums every sample of a metric in Prometheus text format, over all label
 * sets. Returns 0 when the metric is absent.
 */
export function sumMetric(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] !== name) {
      continue;
    }
    const value = Number(match[3]);
    if (Number.isFinite(value)) {
      total += value;
    }
  }
  return total;
}

/** Returns the body of a /metrics endpoint, or undefined when it failed or timed out. */
export async function scrapeMetrics(url: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(SCRAPE_TIMEOUT_MS)]) });
    if (!response.ok) {
      return undefined;
    }
    return await response.text();
  } catch {
    return undefined;
  }
}

/** Reads the dropped-span counter of each service and the Collector's span counters. */
export async function readSpanCounters(
  services: readonly { name: ServiceName; url: string }[],
  collectorMetricsUrl: string,
  signal: AbortSignal,
): Promise<SpanCounterReading> {
  const reading: SpanCounterReading = { services: {}, collector: null };
  for (const service of services) {
    const text = await scrapeMetrics(new URL('/metrics', service.url).href, signal);
    reading.services[service.name] = text === undefined ? null : sumMetric(text, SDK_DROPPED_COUNTER);
  }
  const collector = await scrapeMetrics(collectorMetricsUrl, signal);
  if (collector !== undefined) {
    reading.collector = {
      accepted: sumMetric(collector, COLLECTOR_ACCEPTED_COUNTER),
      sent: sumMetric(collector, COLLECTOR_SENT_COUNTER),
      dropped: COLLECTOR_DROPPED_COUNTERS.reduce((sum, name) => sum + sumMetric(collector, name), 0),
    };
  }
  return reading;
}

/** Returns the growth of each counter between two readings; null where either reading failed. */
export function spanDropsBetween(before: SpanCounterReading, after: SpanCounterReading): SpanDrops {
  const services: Partial<Record<ServiceName, number | null>> = {};
  for (const name of Object.keys(after.services) as ServiceName[]) {
    const start = before.services[name];
    const end = after.services[name];
    services[name] = start == null || end == null ? null : end - start;
  }
  const collector =
    before.collector === null || after.collector === null
      ? null
      : {
          accepted: after.collector.accepted - before.collector.accepted,
          sent: after.collector.sent - before.collector.sent,
          dropped: after.collector.dropped - before.collector.dropped,
          dropped_counters: [...COLLECTOR_DROPPED_COUNTERS],
        };
  return { services, collector };
}
