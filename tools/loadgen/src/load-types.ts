import type { Percentiles } from './histogram';
import type { RateStage } from './rate-plan';
import type { SampledTraces, TraceSampleLimits } from './sampled-traces';

/** Options shared by the open and the closed model. */
export interface CommonLoadOptions {
  /** Target URL, http or https; every request is a GET of it. */
  url: string;
  /** Deadline of each request from its send, in ms. Default 5000. */
  timeoutMs?: number;
  /** Share of requests whose `traceparent` has the sampled flag, 0 to 1. Default 0.01. */
  sampleRatio?: number;
  /** `tracestate` header sent unchanged with every request. */
  tracestate?: string;
  /** Worker threads that send requests. Default: one per CPU, at most 4. */
  workers?: number;
  /** How many sampled trace ids to keep. Default: the first 100 and the slowest 20. */
  traceSampleLimits?: TraceSampleLimits;
  /** Interval of `onProgress` calls, in ms. Default 1000. */
  progressIntervalMs?: number;
  /** Called every `progressIntervalMs` while the load runs. */
  onProgress?: (progress: LoadProgress) => void;
  /** Stops the load early; the result then covers what was sent and has `stopped` set. */
  signal?: AbortSignal;
}

/** Options of an open-model load: arrivals scheduled by the clock, independent of responses. */
export interface OpenLoadOptions extends CommonLoadOptions {
  /** Rate steps run one after another; see `constantRate` and `steppedRates`. */
  stages: RateStage[];
  /** Latency the connection sizing expects, in ms. Default 100. */
  expectedLatencyMs?: number;
  /** Upper bound of connections over all workers. Default 4096, lowered to fit the open-files limit. */
  maxConnections?: number;
  /** A send this many ms after its intended time counts as late. Default 1. */
  lateThresholdMs?: number;
}

/** The moment all connections of a closed-model load are open. */
export interface PlateauInfo {
  /** Connections open when the plateau began. */
  connections: number;
  /** Time from the start of the ramp, in ms. */
  elapsedMs: number;
}

/** Options of a closed-model load: a fixed number of connections, each with one request in flight. */
export interface ClosedLoadOptions extends CommonLoadOptions {
  connections: number;
  /** How long the plateau is held once all connections are open, in ms. */
  durationMs: number;
  /** New connections per second during the ramp. Default 1000. */
  rampRate?: number;
  /**
   * Called once when all connections are open, for example to sample the
   * server's memory. When it returns a promise, the plateau lasts until both
   * `durationMs` has passed and the promise has settled.
   */
  onPlateau?: (plateau: PlateauInfo) => unknown;
}

/** A live view of a running load. */
export interface LoadProgress {
  model: 'open' | 'closed';
  phase: 'running' | 'ramp' | 'plateau' | 'draining';
  elapsedMs: number;
  /** Rate of the current stage (open model); undefined for the closed model. */
  targetRate: number | undefined;
  /** Requests sent per second since the previous progress call. */
  achievedRate: number;
  sent: number;
  responses: number;
  errors: number;
  lateSends: number;
  /** p99 of the latency so far, in ms. */
  p99Ms: number;
  openConnections: number;
}

/** Measurements of one stage, or of a whole run. */
export interface StageResult {
  /** Requests per second the stage asked for; undefined for the closed model. */
  targetRate: number | undefined;
  /** Requests sent per second over the stage; lower than `targetRate` when the generator fell behind. */
  achievedRate: number;
  /** Successful responses (status 200-399) per second. */
  throughput: number;
  durationMs: number;
  requests: {
    /** Requests written to a connection. */
    sent: number;
    /** Responses received, whatever their status. */
    responses: number;
    /** Responses with status 200-399. */
    ok: number;
  };
  errors: {
    total: number;
    /** Counts by class: `status_<code>`, `timeout`, `connect`, `reset`, `other`. */
    byClass: Record<string, number>;
  };
  lateSends: {
    count: number;
    /** Late sends over sent requests, 0 to 1. */
    share: number;
    thresholdMs: number;
    maxLatenessMs: number;
  };
  /** Requests that waited for a free connection before their send. */
  connectionWaits: number;
  /** From the intended send time to the end of the response (corrects coordinated omission). */
  latency: Percentiles;
  /** From the actual send to the end of the response. */
  serviceTime: Percentiles;
  /** Both histograms in HdrHistogram's compressed base64 form, in microseconds. */
  histograms: { latency: string; serviceTime: string };
}

/** The outcome of a load run, ready for JSON. */
export interface LoadResult extends StageResult {
  model: 'open' | 'closed';
  url: string;
  startedAt: string;
  /** Wall time from the first send until the last response, in ms. */
  elapsedMs: number;
  /** True when the run was stopped by its abort signal. */
  stopped: boolean;
  workers: number;
  /** Connection limit over all workers (open model) or requested connections (closed model). */
  connections: number;
  peakConnections: number;
  /** One entry per rate stage (open model), or the ramp and the plateau (closed model). */
  stages: StageResult[];
  sampledTraces: SampledTraces;
  /** Closed model only: connections open at the plateau and the plateau's length. */
  plateau?: PlateauInfo & { durationMs: number };
}
