import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

import type { ServiceName } from '../../report/types';
import { bucketMemoryFigures, type BucketMemoryFigures, type MemoryPhases } from './figures';
import {
  EVICTION_WAIT_MS,
  HEAP_METRICS,
  LIMITER,
  SAMPLE_COUNT,
  SAMPLE_INTERVAL_MS,
  SETTLE_MS,
  WARM_UP_REQUESTS,
  type RunMeasurement,
} from './measure';
import { FIGURES_HEADER, figuresRow, formatMiB, renderTable } from './table';
import { failedCount } from './traffic';

/** The two runs of one service. */
export interface ServiceResult {
  service: ServiceName;
  withLimiter: RunMeasurement;
  withoutLimiter: RunMeasurement;
}

/** Settings of a whole measurement, as written to the JSON file. */
export interface MeasurementSettings {
  clients: number;
  concurrency: number;
  checkEviction: boolean;
}

/** Definitions of the figures, printed under the tables and written to the JSON file. */
export const FIGURE_NOTES = [
  `RSS: VmRSS from /proc/<pid>/status; before and after are medians of ${SAMPLE_COUNT} samples ` +
    `${SAMPLE_INTERVAL_MS} ms apart, taken ${SETTLE_MS / 1000} s after the requests.`,
  'delta = after - before in the run with the limiter; control delta = the same in the run without it.',
  'B/bucket = delta / clients; net B/bucket = (delta - control delta) / clients, the part of the buckets.',
  `heap: ${Object.entries(HEAP_METRICS)
    .map(([service, metric]) => `${service} ${metric}`)
    .join(', ')}, read from /metrics at each RSS sample; ` +
    'dotnet-api exposes no heap gauge. No garbage collection is forced, so both figures include ' +
    'garbage not yet collected.',
];

/** Returns the figures of one service from the RSS samples, or from the heap gauge with `heap`. */
export function serviceFigures(result: ServiceResult, clients: number, heap = false): BucketMemoryFigures | undefined {
  const withLimiter: MemoryPhases | undefined = heap ? result.withLimiter.heap : result.withLimiter.rss;
  const withoutLimiter: MemoryPhases | undefined = heap ? result.withoutLimiter.heap : result.withoutLimiter.rss;
  if (withLimiter === undefined || withoutLimiter === undefined) {
    return undefined;
  }
  return bucketMemoryFigures(withLimiter, withoutLimiter, clients);
}

/** Renders the table of the RSS figures, then the heap figures of the services that expose a heap gauge. */
export function figuresTables(results: readonly ServiceResult[], clients: number): { rss: string[]; heap: string[] } {
  const rssRows = results.flatMap((result) => {
    const figures = serviceFigures(result, clients);
    return figures === undefined ? [] : [figuresRow(result.service, figures)];
  });
  const heapRows = results.flatMap((result) => {
    const figures = serviceFigures(result, clients, true);
    return figures === undefined ? [] : [figuresRow(result.service, figures)];
  });
  return {
    rss: renderTable(FIGURES_HEADER, rssRows),
    heap: heapRows.length > 0 ? renderTable(FIGURES_HEADER, heapRows) : [],
  };
}

/** Renders the table of the eviction probes, or nothing when no run probed. */
export function evictionTable(results: readonly ServiceResult[]): string[] {
  const rows = results.flatMap((result) => {
    const probe = result.withLimiter.eviction;
    if (probe === undefined) {
      return [];
    }
    return [
      [
        result.service,
        probe.waitedSeconds.toFixed(0),
        String(probe.probed),
        String(probe.evicted),
        String(probe.retained),
        String(probe.unclear),
        formatMiB(probe.rss.median),
        probe.heap === undefined ? '-' : formatMiB(probe.heap.median),
      ],
    ];
  });
  const header = ['service', 'idle s', 'probed', 'evicted', 'retained', 'unclear', 'RSS MiB', 'heap MiB'];
  return rows.length > 0 ? renderTable(header, rows) : [];
}

/** Returns the number of failed requests over every run. */
export function totalFailures(results: readonly ServiceResult[]): number {
  return results.reduce(
    (sum, result) =>
      sum +
      [result.withLimiter, result.withoutLimiter]
        .map((run) => failedCount(run.warmUp) + failedCount(run.clients))
        .reduce((runSum, count) => runSum + count, 0),
    0,
  );
}

/** Builds the JSON document of a measurement. */
export function buildJsonReport(
  results: readonly ServiceResult[],
  settings: MeasurementSettings,
  generatedAt: Date,
): Record<string, unknown> {
  return {
    generatedAt: generatedAt.toISOString(),
    command: 'npx nx run bench:rate-limit-memory',
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryBytes: os.totalmem(),
      kernel: `${os.type()} ${os.release()}`,
      node: process.version,
    },
    settings: {
      clients: settings.clients,
      concurrency: settings.concurrency,
      rateLimitRps: LIMITER.rps,
      rateLimitBurst: LIMITER.burst,
      simulatedIoMs: 1,
      warmUpRequests: WARM_UP_REQUESTS,
      settleMs: SETTLE_MS,
      samplesPerRound: SAMPLE_COUNT,
      sampleIntervalMs: SAMPLE_INTERVAL_MS,
      evictionWaitMs: settings.checkEviction ? EVICTION_WAIT_MS : null,
    },
    notes: FIGURE_NOTES,
    services: results.map((result) => ({
      service: result.service,
      rss: serviceFigures(result, settings.clients),
      heapMetric: HEAP_METRICS[result.service] ?? null,
      heap: serviceFigures(result, settings.clients, true) ?? null,
      withLimiter: result.withLimiter,
      withoutLimiter: result.withoutLimiter,
    })),
  };
}

/** Writes the JSON document to `<outDir>/rate-limit-memory/<timestamp>.json` and returns the path. */
export function writeJsonReport(outDir: string, document: Record<string, unknown>, generatedAt: Date): string {
  const dir = join(outDir, 'rate-limit-memory');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${generatedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}
