import { setTimeout as sleep } from 'node:timers/promises';

import type { ServiceName } from '../../report/types';
import { spreadSample, WARM_UP_ADDRESS } from './addresses';
import { memorySamplesText } from './lines';
import { memorySamples, parseMetricValue, parseRateLimitRemaining, type MemoryPhases, type MemorySamples } from './figures';
import { ServiceProcess } from './service-process';
import { get, sendFromEach, type RequestTally } from './traffic';

/**
 * Limiter settings of the runs with the limiter. One token takes 1000 s to
 * come back, longer than any run, and the bucket capacity is 1000. So no
 * request of the script is rejected, and no bucket is full again during the
 * run (dotnet-api's partitioned limiter drops a bucket once it has been full
 * for 10 s). On a second request, a retained bucket returns `remaining=998`
 * where a new one returns `remaining=999`.
 */
export const LIMITER = { rps: 0.001, burst: 1000 } as const;

/**
 * Gauges of /metrics that count the live heap, per service. dotnet-api
 * exposes none: its /metrics has only the contract's metrics and the thread
 * pool's.
 */
export const HEAP_METRICS: Partial<Record<ServiceName, string>> = {
  'go-api': 'go_memstats_heap_alloc_bytes',
  'ts-api': 'nodejs_heap_size_used_bytes',
};

/** The guarded route that every client request calls. */
export const API_PATH = '/api/user?user_id=rate-limit-memory';

/** Requests from the warm-up address before the first sample; fewer than the burst, so none is rejected. */
export const WARM_UP_REQUESTS = 500;
/** Pause before each round of samples, for connections to close and the runtime to settle. */
export const SETTLE_MS = 3_000;
/** Samples per round, and the pause between two of them. */
export const SAMPLE_COUNT = 7;
export const SAMPLE_INTERVAL_MS = 250;
/**
 * Wait after the last client request before the eviction probe: go-api
 * evicts buckets idle for 60 s on a 15 s tick, so by 75 s at the latest.
 */
export const EVICTION_WAIT_MS = 80_000;
/** Client addresses that the eviction probe sends a second request from. */
export const PROBE_COUNT = 20;

/** Inputs of {@link measureRun}. */
export interface RunSettings {
  root: string;
  clients: readonly string[];
  concurrency: number;
  checkEviction: boolean;
  signal: AbortSignal;
  /** Receives a line per step. */
  log: (line: string) => void;
}

/** Outcome of the eviction probe: how many probed buckets were new again, and the memory then. */
export interface EvictionProbe {
  waitedSeconds: number;
  probed: number;
  /** Probes whose response had `remaining = burst - 1`: a new bucket, so the old one was evicted. */
  evicted: number;
  /** Probes whose response had `remaining < burst - 1`: the bucket of the first request was retained. */
  retained: number;
  /** Probes that failed or carried no `RateLimit` header. */
  unclear: number;
  rss: MemorySamples;
  heap?: MemorySamples;
}

/** Everything measured on one start of a service. */
export interface RunMeasurement {
  rateLimited: boolean;
  warmUp: RequestTally;
  clients: RequestTally;
  clientsSeconds: number;
  rss: MemoryPhases;
  heap?: MemoryPhases;
  eviction?: EvictionProbe;
}

interface MemoryRound {
  rss: MemorySamples;
  heap?: MemorySamples;
}

/**
 * Starts `service` alone, with the limiter when `rateLimited`, warms it up,
 * samples its memory, sends one request from each client address, samples
 * again and, with `checkEviction`, probes the buckets after the idle
 * timeout. The service is stopped at the end, also on failure.
 */
export async function measureRun(service: ServiceName, rateLimited: boolean, settings: RunSettings): Promise<RunMeasurement> {
  const started = await ServiceProcess.start(settings.root, service, serviceEnv(rateLimited), settings.signal);
  settings.log(`started pid ${started.pid} on port ${started.port}`);
  try {
    return await measureStarted(started, rateLimited, settings);
  } finally {
    await started.stop();
  }
}

function serviceEnv(rateLimited: boolean): Record<string, string> {
  return {
    SIMULATED_IO_MS: '1',
    // A log line per request would add CPU and pipe traffic to the measure.
    LOG_LEVEL: 'warn',
    OTEL_SDK_DISABLED: 'true',
    ...(rateLimited ? { RATE_LIMIT_RPS: String(LIMITER.rps), RATE_LIMIT_BURST: String(LIMITER.burst) } : {}),
  };
}

async function measureStarted(
  started: ServiceProcess,
  rateLimited: boolean,
  settings: RunSettings,
): Promise<RunMeasurement> {
  const { signal, log } = settings;
  const heapMetric = HEAP_METRICS[started.service];

  const warmUpAddresses = Array.from({ length: WARM_UP_REQUESTS }, () => WARM_UP_ADDRESS);
  const warmUp = await sendFromEach(warmUpAddresses, started.port, API_PATH, settings.concurrency, signal);
  log(`warm-up: ${warmUp.succeeded} of ${warmUp.sent} requests from ${WARM_UP_ADDRESS} succeeded with 2xx`);

  await sleep(SETTLE_MS, undefined, { signal });
  const before = await sampleMemory(started, heapMetric, signal);
  logRound(log, 'before', before, heapMetric);

  const clientsStart = performance.now();
  const isNewBucket = (header: string | undefined) => parseRateLimitRemaining(header) === LIMITER.burst - 1;
  const clients = await sendFromEach(settings.clients, started.port, API_PATH, settings.concurrency, signal, isNewBucket);
  const lastRequestAt = performance.now();
  const clientsSeconds = (lastRequestAt - clientsStart) / 1000;
  log(
    `clients: ${clients.succeeded} of ${clients.sent} requests succeeded with 2xx in ${clientsSeconds.toFixed(1)} s` +
      (rateLimited ? `, ${clients.newBuckets} of them from a new bucket` : ''),
  );

  await sleep(SETTLE_MS, undefined, { signal });
  const after = await sampleMemory(started, heapMetric, signal);
  logRound(log, 'after', after, heapMetric);

  const measurement: RunMeasurement = {
    rateLimited,
    warmUp,
    clients,
    clientsSeconds,
    rss: { before: before.rss, after: after.rss },
    ...(before.heap && after.heap ? { heap: { before: before.heap, after: after.heap } } : {}),
  };
  if (rateLimited && settings.checkEviction) {
    measurement.eviction = await probeEviction(started, heapMetric, lastRequestAt, settings);
  }
  return measurement;
}

async function probeEviction(
  started: ServiceProcess,
  heapMetric: string | undefined,
  lastRequestAt: number,
  settings: RunSettings,
): Promise<EvictionProbe> {
  const { signal, log } = settings;
  const waitMs = Math.max(0, lastRequestAt + EVICTION_WAIT_MS - performance.now());
  log(`eviction probe: waiting ${Math.round(waitMs / 1000)} s, until ${EVICTION_WAIT_MS / 1000} s after the last request`);
  await sleep(waitMs, undefined, { signal });
  const waitedSeconds = (performance.now() - lastRequestAt) / 1000;

  const probe: Omit<EvictionProbe, 'rss' | 'heap'> = { waitedSeconds, probed: 0, evicted: 0, retained: 0, unclear: 0 };
  // One at a time: ts-api sweeps its buckets during the first request of the probe.
  for (const address of spreadSample(settings.clients, PROBE_COUNT)) {
    probe.probed++;
    const remaining = await probeRemaining(started.port, address, signal);
    if (remaining === LIMITER.burst - 1) {
      probe.evicted++;
    } else if (remaining !== undefined && remaining < LIMITER.burst - 1) {
      probe.retained++;
    } else {
      probe.unclear++;
    }
  }
  log(`eviction probe: ${probe.evicted} of ${probe.probed} buckets were new again, ${probe.retained} retained`);

  await sleep(SETTLE_MS, undefined, { signal });
  const memory = await sampleMemory(started, heapMetric, signal);
  logRound(log, 'after the eviction probe', memory, heapMetric);
  return { ...probe, ...memory };
}

function logRound(log: (line: string) => void, label: string, round: MemoryRound, heapMetric: string | undefined): void {
  log(memorySamplesText(`RSS ${label}`, round.rss));
  if (round.heap !== undefined && heapMetric !== undefined) {
    log(memorySamplesText(`${heapMetric} ${label}`, round.heap));
  }
}

async function probeRemaining(port: number, address: string, signal: AbortSignal): Promise<number | undefined> {
  try {
    const response = await get(port, API_PATH, address, signal);
    return response.status === 200 ? parseRateLimitRemaining(response.rateLimit) : undefined;
  } catch {
    signal.throwIfAborted();
    return undefined;
  }
}

async function sampleMemory(
  started: ServiceProcess,
  heapMetric: string | undefined,
  signal: AbortSignal,
): Promise<MemoryRound> {
  const rss: number[] = [];
  const heap: number[] = [];
  for (let sample = 0; sample < SAMPLE_COUNT; sample++) {
    if (sample > 0) {
      await sleep(SAMPLE_INTERVAL_MS, undefined, { signal });
    }
    const resident = started.residentMemoryBytes();
    if (resident === undefined) {
      throw new Error(`${started.service} exited while its memory was sampled`);
    }
    rss.push(resident);
    if (heapMetric !== undefined) {
      heap.push(await readMetric(started, heapMetric, signal));
    }
  }
  return { rss: memorySamples(rss), ...(heap.length > 0 ? { heap: memorySamples(heap) } : {}) };
}

async function readMetric(started: ServiceProcess, name: string, signal: AbortSignal): Promise<number> {
  const response = await get(started.port, '/metrics', WARM_UP_ADDRESS, signal);
  const value = response.status === 200 ? parseMetricValue(response.body, name) : undefined;
  if (value === undefined) {
    throw new Error(`${started.service} /metrics responded ${response.status} without ${name}`);
  }
  return value;
}
