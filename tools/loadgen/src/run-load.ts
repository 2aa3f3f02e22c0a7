import { availableParallelism } from 'node:os';
import { percentilesOf } from './histogram';
import type {
  ClosedLoadOptions,
  CommonLoadOptions,
  LoadProgress,
  LoadResult,
  OpenLoadOptions,
  PlateauInfo,
} from './load-types';
import { connectionsPerWorker, planStages } from './rate-plan';
import { stageResult, sumTotals } from './result';
import { mergeSampledTraces, type TraceSampleLimits } from './sampled-traces';
import { assertConnectionsFit, availableDescriptors } from './system-limits';
import { validateTracestate } from './trace-context';
import { WorkerGroup, type WorkerGroupOutcome } from './worker-group';
import { type ClosedWorkerSpec, type OpenWorkerSpec, plateauStage, rampStage } from './worker-protocol';

const defaults = {
  timeoutMs: 5000,
  sampleRatio: 0.01,
  traceSampleLimits: { first: 100, slowest: 20 } satisfies TraceSampleLimits,
  progressIntervalMs: 1000,
  expectedLatencyMs: 100,
  maxConnections: 4096,
  lateThresholdMs: 1,
  rampRate: 1000,
};

/**
 * Runs an open-model load: requests arrive at the stages' rates whatever the
 * server does, spread over worker threads, and the result reports latency
 * from each request's intended send time as well as service time.
 */
export async function runOpenLoad(options: OpenLoadOptions): Promise<LoadResult> {
  const common = resolveCommon(options);
  const stages = planStages(options.stages);
  const workerCount = common.workers;
  const lateThresholdMs = options.lateThresholdMs ?? defaults.lateThresholdMs;
  const maxConnections = Math.min(options.maxConnections ?? defaults.maxConnections, availableDescriptors() ?? Infinity);
  const connections = connectionsPerWorker(
    stages,
    workerCount,
    options.expectedLatencyMs ?? defaults.expectedLatencyMs,
    maxConnections,
  );
  const specs = Array.from(
    { length: workerCount },
    (_, workerIndex): OpenWorkerSpec => ({
      ...common.spec,
      model: 'open',
      workerIndex,
      workerCount,
      stages,
      connections,
      lateThresholdMs,
    }),
  );

  const group = new WorkerGroup(specs, stages.length);
  const plannedMs = stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  const stopProgress = reportProgress(options, group, 'open', (elapsedMs) => {
    const current = stages.find((stage) => elapsedMs < stage.startOffsetMs + stage.durationMs);
    return { phase: current === undefined ? 'draining' : 'running', targetRate: current?.rate };
  });
  const stopOnAbort = onAbort(options.signal, () => {
    group.broadcast({ type: 'stop' });
  });
  const outcome = await group.run().finally(() => {
    stopProgress();
    stopOnAbort();
  });

  const stageResults = stages.map((stage, index) =>
    stageResult(group.totals[index] ?? sumTotals([]), {
      targetRate: stage.rate,
      startAt: group.startAt + stage.startOffsetMs,
      plannedMs: stage.durationMs,
      lateThresholdMs,
    }),
  );
  const overall = stageResult(sumTotals(group.totals), {
    targetRate: Math.round((stages.reduce((sum, stage) => sum + stage.requestCount, 0) * 1000) / plannedMs),
    startAt: group.startAt,
    plannedMs,
    lateThresholdMs,
  });
  return {
    model: 'open',
    url: options.url,
    ...overall,
    ...runSummary(group, outcome, common, options.signal),
    connections: connections * workerCount,
    stages: stageResults,
  };
}

/**
 * Runs a closed-model load: opens `connections` connections gradually, keeps
 * one request in flight on each, keeps the plateau for `durationMs` and calls
 * `onPlateau` when it begins.
 */
export async function runClosedLoad(options: ClosedLoadOptions): Promise<LoadResult> {
  if (!Number.isInteger(options.connections) || options.connections < 1) {
    throw new RangeError(`connections must be a positive integer, got ${options.connections}`);
  }
  if (!(options.durationMs > 0)) {
    throw new RangeError(`duration must be a positive number of milliseconds, got ${options.durationMs}`);
  }
  assertConnectionsFit(options.connections);
  const common = resolveCommon(options);
  const workerCount = Math.min(common.workers, options.connections);
  const rampRate = options.rampRate ?? defaults.rampRate;
  const specs = Array.from(
    { length: workerCount },
    (_, workerIndex): ClosedWorkerSpec => ({
      ...common.spec,
      model: 'closed',
      workerIndex,
      workerCount,
      users: sharesOf(options.connections, workerCount)[workerIndex] ?? 0,
      rampIntervalMs: (1000 * workerCount) / rampRate,
    }),
  );

  // Connections that never open (a refused or overloaded server) must not hold the run forever.
  const rampDeadlineMs = (options.connections / rampRate) * 1000 + common.spec.timeoutMs;
  let rampDeadline: NodeJS.Timeout | undefined;
  const plateau = new PlateauControl(options, () => group);
  const group = new WorkerGroup(specs, 2, {
    onStarted: () => {
      rampDeadline = setTimeout(() => {
        plateau.begin();
      }, rampDeadlineMs);
    },
    onAllConnected: () => {
      plateau.begin();
    },
  });
  const stopProgress = reportProgress(options, group, 'closed', () => ({ phase: plateau.phase, targetRate: undefined }));
  const stopOnAbort = onAbort(options.signal, () => {
    plateau.stop();
  });
  const outcome = await group.run().finally(() => {
    clearTimeout(rampDeadline);
    plateau.stop();
    stopProgress();
    stopOnAbort();
  });

  const window = (plannedMs: number) => ({
    targetRate: undefined,
    startAt: group.startAt,
    plannedMs,
    lateThresholdMs: defaults.lateThresholdMs,
  });
  const plateauInfo = plateau.info ?? { connections: 0, elapsedMs: 0 };
  const plateauResult = stageResult(group.totals[plateauStage] ?? sumTotals([]), {
    ...window(plateau.durationMs),
    startAt: group.startAt + plateauInfo.elapsedMs,
  });
  return {
    model: 'closed',
    url: options.url,
    ...plateauResult,
    ...runSummary(group, outcome, common, options.signal),
    connections: options.connections,
    stages: [
      stageResult(group.totals[rampStage] ?? sumTotals([]), window(plateauInfo.elapsedMs)),
      plateauResult,
    ],
    plateau: { ...plateauInfo, durationMs: plateau.durationMs },
  };
}

/** Tracks the closed model's phases: begins the plateau once, keeps it for its duration, then stops the workers. */
class PlateauControl {
  phase: LoadProgress['phase'] = 'ramp';
  info: PlateauInfo | undefined;
  durationMs = 0;
  private beganAt = 0;
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: ClosedLoadOptions,
    private readonly group: () => WorkerGroup,
  ) {}

  begin(): void {
    if (this.phase !== 'ramp') {
      return;
    }
    const group = this.group();
    this.phase = 'plateau';
    this.beganAt = Date.now();
    this.info = { connections: group.connections, elapsedMs: Math.round(this.beganAt - group.startAt) };
    group.broadcast({ type: 'plateau' });

    const held = new Promise<void>((resolve) => {
      this.holdTimer = setTimeout(resolve, this.options.durationMs);
    });
    const hook = Promise.resolve()
      .then(() => this.options.onPlateau?.(this.info ?? { connections: 0, elapsedMs: 0 }))
      .catch(() => undefined);
    void Promise.all([held, hook]).then(() => {
      this.stop();
    });
  }

  stop(): void {
    if (this.phase === 'draining') {
      return;
    }
    if (this.phase === 'plateau') {
      this.durationMs = Date.now() - this.beganAt;
    }
    clearTimeout(this.holdTimer);
    this.phase = 'draining';
    this.group().broadcast({ type: 'stop' });
  }
}

interface ResolvedCommon {
  workers: number;
  traceSampleLimits: TraceSampleLimits;
  spec: Pick<OpenWorkerSpec, 'url' | 'timeoutMs' | 'sampleRatio' | 'tracestate' | 'traceSampleLimits' | 'deltaIntervalMs'>;
}

function resolveCommon(options: CommonLoadOptions): ResolvedCommon {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`URL must use http or https, got ${options.url}`);
  }
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  if (!(timeoutMs > 0)) {
    throw new RangeError(`timeout must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const sampleRatio = options.sampleRatio ?? defaults.sampleRatio;
  if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
    throw new RangeError(`sample ratio must be between 0 and 1, got ${sampleRatio}`);
  }
  const tracestateError = options.tracestate === undefined ? undefined : validateTracestate(options.tracestate);
  if (tracestateError !== undefined) {
    throw new RangeError(tracestateError);
  }
  const workers = options.workers ?? Math.min(availableParallelism(), 4);
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`workers must be a positive integer, got ${workers}`);
  }

  const traceSampleLimits = options.traceSampleLimits ?? defaults.traceSampleLimits;
  return {
    workers,
    traceSampleLimits,
    spec: {
      url: url.href,
      timeoutMs,
      sampleRatio,
      tracestate: options.tracestate,
      traceSampleLimits,
      // Workers report a few times per progress interval, so each progress call gets recent counts.
      deltaIntervalMs: Math.min((options.progressIntervalMs ?? defaults.progressIntervalMs) / 4, 250),
    },
  };
}

function runSummary(group: WorkerGroup, outcome: WorkerGroupOutcome, common: ResolvedCommon, signal?: AbortSignal) {
  return {
    startedAt: new Date(group.startAt).toISOString(),
    elapsedMs: Math.round(outcome.finishedAt - group.startAt),
    stopped: signal?.aborted ?? false,
    workers: common.workers,
    peakConnections: outcome.peakConnections,
    sampledTraces: mergeSampledTraces(outcome.samples, common.traceSampleLimits),
  };
}

/** Calls `onProgress` every interval until the returned function is called. */
function reportProgress(
  options: CommonLoadOptions,
  group: WorkerGroup,
  model: LoadProgress['model'],
  current: (elapsedMs: number) => Pick<LoadProgress, 'phase' | 'targetRate'>,
): () => void {
  const onProgress = options.onProgress;
  if (onProgress === undefined) {
    return () => undefined;
  }

  const intervalMs = options.progressIntervalMs ?? defaults.progressIntervalMs;
  let previousSent = 0;
  let previousAt = Date.now();
  const timer = setInterval(() => {
    if (group.startAt === 0) {
      return;
    }
    const now = Date.now();
    const totals = sumTotals(group.totals);
    const elapsedMs = now - group.startAt;
    onProgress({
      model,
      ...current(elapsedMs),
      elapsedMs,
      achievedRate: Math.round(((totals.sent - previousSent) * 1000) / Math.max(1, now - previousAt)),
      sent: totals.sent,
      responses: totals.responses,
      errors: totals.errorCount(),
      lateSends: totals.lateSends,
      p99Ms: percentilesOf(totals.latency).p99,
      openConnections: group.connections,
    });
    previousSent = totals.sent;
    previousAt = now;
  }, intervalMs);
  return () => {
    clearInterval(timer);
  };
}

function onAbort(signal: AbortSignal | undefined, stop: () => void): () => void {
  if (signal === undefined) {
    return () => undefined;
  }
  if (signal.aborted) {
    stop();
    return () => undefined;
  }
  signal.addEventListener('abort', stop, { once: true });
  return () => {
    signal.removeEventListener('abort', stop);
  };
}

/** Splits `total` into `parts` integers that differ by at most one. */
function sharesOf(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0));
}
