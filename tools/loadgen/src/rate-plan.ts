/** One step of an open-model load: a constant arrival rate held for a duration. */
export interface RateStage {
  /** Requests per second. */
  rate: number;
  durationMs: number;
}

/** A stage placed on the run's timeline, with its share of the requests. */
export interface PlannedStage extends RateStage {
  /** Offset of the stage's first request from the start of the run. */
  startOffsetMs: number;
  /** Requests the stage sends in total, across all workers. */
  requestCount: number;
}

/** Returns a single stage that holds `rate` requests per second for `durationMs`. */
export function constantRate(rate: number, durationMs: number): RateStage[] {
  return [{ rate, durationMs }];
}

/** Returns one stage per rate, each held for `stepDurationMs`. */
export function steppedRates(rates: readonly number[], stepDurationMs: number): RateStage[] {
  return rates.map((rate) => ({ rate, durationMs: stepDurationMs }));
}

/** Places the stages one after another and counts each stage's requests. */
export function planStages(stages: readonly RateStage[]): PlannedStage[] {
  if (stages.length === 0) {
    throw new RangeError('a load needs at least one rate stage');
  }

  let startOffsetMs = 0;
  return stages.map((stage) => {
    if (!(stage.rate > 0) || !Number.isFinite(stage.rate)) {
      throw new RangeError(`rate must be a positive number of requests per second, got ${stage.rate}`);
    }
    if (!(stage.durationMs > 0) || !Number.isFinite(stage.durationMs)) {
      throw new RangeError(`stage duration must be a positive number of milliseconds, got ${stage.durationMs}`);
    }

    const planned = { ...stage, startOffsetMs, requestCount: Math.round((stage.rate * stage.durationMs) / 1000) };
    startOffsetMs += stage.durationMs;
    return planned;
  });
}

/**
 * Iterates the intended send times of one worker. Request k of a stage is due
 * at `startOffsetMs + k * 1000 / rate`; worker w of n takes k = w, w + n, ...,
 * so the workers' requests interleave into one evenly spaced stream.
 */
export class ArrivalSchedule {
  private stageIndex = 0;
  private requestIndex: number;

  constructor(
    private readonly stages: readonly PlannedStage[],
    private readonly workerIndex: number,
    private readonly workerCount: number,
  ) {
    this.requestIndex = workerIndex;
    this.skipFinishedStages();
  }

  /** Offset in ms of the next request from the run's start, or undefined when the schedule is done. */
  peekOffsetMs(): number | undefined {
    const stage = this.stages[this.stageIndex];
    if (stage === undefined) {
      return undefined;
    }
    return stage.startOffsetMs + (this.requestIndex * 1000) / stage.rate;
  }

  /** The index of the stage that the next request belongs to. */
  get currentStage(): number {
    return this.stageIndex;
  }

  /** Moves past the request that `peekOffsetMs` returned. */
  advance(): void {
    this.requestIndex += this.workerCount;
    this.skipFinishedStages();
  }

  private skipFinishedStages(): void {
    let stage = this.stages[this.stageIndex];
    while (stage !== undefined && this.requestIndex >= stage.requestCount) {
      this.stageIndex++;
      this.requestIndex = this.workerIndex;
      stage = this.stages[this.stageIndex];
    }
  }
}

/**
 * Returns the connection limit of each worker's pool for an open-model load:
 * the requests in flight at the highest rate (rate × expected latency, by
 * Little's law) times a headroom of 2, at least 1, and within `maxConnections`
 * for all workers together. The pool opens connections only when requests wait
 * for one, so a generous limit costs nothing at low load.
 */
export function connectionsPerWorker(
  stages: readonly RateStage[],
  workerCount: number,
  expectedLatencyMs: number,
  maxConnections: number,
): number {
  const peakRate = Math.max(...stages.map((stage) => stage.rate));
  const inFlight = (peakRate * expectedLatencyMs) / 1000;
  const wanted = Math.ceil((inFlight * 2) / workerCount);
  return Math.max(1, Math.min(wanted, Math.floor(maxConnections / workerCount)));
}
