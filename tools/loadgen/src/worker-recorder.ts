import { performance } from 'node:perf_hooks';
import type { RequestOutcome } from './http1-pool';
import { TraceSampleStore } from './sampled-traces';
import { StageStats, type StageDelta } from './stage-stats';
import type { TraceParent } from './trace-context';

/** Records the outcome of each request of one worker into its stage's statistics. */
export class WorkerRecorder {
  readonly stats: StageStats[];
  readonly samples: TraceSampleStore;

  constructor(stageCount: number, samples: TraceSampleStore) {
    this.stats = Array.from({ length: stageCount }, (_, index) => new StageStats(index));
    this.samples = samples;
  }

  /** Returns the statistics of a stage. */
  stage(stageIndex: number): StageStats {
    const stats = this.stats[stageIndex];
    if (stats === undefined) {
      throw new RangeError(`no stage ${stageIndex}`);
    }
    return stats;
  }

  /** Records one ended request; `intendedAt` is the worker's `performance.now()` of its intended send. */
  record(stageIndex: number, intendedAt: number, outcome: RequestOutcome, trace: TraceParent): void {
    const stats = this.stage(stageIndex);
    const latencyMs = outcome.completedAt - intendedAt;
    const serviceTimeMs = outcome.completedAt - outcome.sentAt;
    if (outcome.statusCode > 0) {
      stats.recordResponse(latencyMs, serviceTimeMs);
    }
    if (outcome.errorClass !== undefined) {
      stats.countError(outcome.errorClass);
    }
    if (!trace.sampled) {
      return;
    }

    this.samples.offer({
      traceId: trace.traceId,
      parentId: trace.parentId,
      intendedAt: Math.round(performance.timeOrigin + intendedAt),
      latencyMs: round3(latencyMs),
      serviceTimeMs: round3(serviceTimeMs),
      outcome: outcome.errorClass ?? 'ok',
    });
  }

  /** Returns the deltas of the stages that counted anything since the last call. */
  takeDeltas(): StageDelta[] {
    return this.stats.filter((stats) => !stats.isEmpty()).map((stats) => stats.takeDelta());
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
