import type { PlannedStage } from './rate-plan';
import type { SampledTraces, TraceSampleLimits } from './sampled-traces';
import type { StageDelta } from './stage-stats';

/** What every worker needs, whatever the load model. */
interface CommonWorkerSpec {
  url: string;
  timeoutMs: number;
  sampleRatio: number;
  tracestate: string | undefined;
  traceSampleLimits: TraceSampleLimits;
  deltaIntervalMs: number;
  workerIndex: number;
  workerCount: number;
}

/** An open-model worker's share: every `workerCount`-th request of each stage. */
export interface OpenWorkerSpec extends CommonWorkerSpec {
  model: 'open';
  stages: PlannedStage[];
  /** Connection limit of this worker's pool; further requests wait for a free connection. */
  connections: number;
  lateThresholdMs: number;
}

/** A closed-model worker's share: `users` connections, each with one request in flight. */
export interface ClosedWorkerSpec extends CommonWorkerSpec {
  model: 'closed';
  users: number;
  /** Time between two user starts of this worker during the ramp. */
  rampIntervalMs: number;
}

/** The `workerData` of a load worker. */
export type WorkerSpec = OpenWorkerSpec | ClosedWorkerSpec;

/** Closed-model stage indexes: measurements while connections open, and once all are open. */
export const rampStage = 0;
export const plateauStage = 1;

/** Messages from the main thread to a worker. */
export type ToWorkerMessage =
  | { type: 'start'; startAt: number }
  | { type: 'plateau' }
  | { type: 'stop' };

/** Messages from a worker to the main thread. Times are Unix time in milliseconds. */
export type FromWorkerMessage =
  | { type: 'ready' }
  | { type: 'delta'; deltas: StageDelta[]; openConnections: number }
  | { type: 'connected'; openConnections: number }
  | {
      type: 'done';
      deltas: StageDelta[];
      samples: SampledTraces;
      openConnections: number;
      peakConnections: number;
    };
