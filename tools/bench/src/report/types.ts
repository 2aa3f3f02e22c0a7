/**
 * Shapes of report.json. `report.schema.json` beside package.json is the
 * machine-readable form of the same types; the tests keep the two in step.
 */

/** Identifier of the report format, written as `schema`; bump it on an incompatible change. */
export const REPORT_SCHEMA_ID = 'triad-bench-report/1';

export type ProfileName = 'smoke' | 'standard' | 'full';
export type RuntimeName = 'local' | 'container';
export type ServiceName = 'go-api' | 'dotnet-api' | 'ts-api';
export type ScenarioKind = 'latency' | 'connections' | 'aggregate';

/** The three services, in the order tables and charts list them. */
export const SERVICE_NAMES: readonly ServiceName[] = ['go-api', 'dotnet-api', 'ts-api'];

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** Trace look-ups in Jaeger: ids the generator kept, those Jaeger returned, those with the expected shape. */
export interface TraceCounts {
  sampled: number;
  found: number;
  complete: number;
}

/** One span of a trace as drawn in a waterfall, times relative to the trace's first span. */
export interface SpanBar {
  service: string;
  name: string;
  start_ms: number;
  duration_ms: number;
  depth: number;
}

/**
 * Breakdown of one request's latency by its spans in Jaeger: time in each
 * service outside the simulated wait, in the simulated wait, and the rest of
 * the client-measured latency (network, queues, the load generator).
 */
export interface TimeBreakdown {
  total_ms: number;
  services_ms: Record<string, number>;
  simulated_io_ms: number;
  other_ms: number;
}

/** One of the slowest sampled requests of a scenario, with its trace as Jaeger stored it. */
export interface SlowRequest {
  trace_id: string;
  latency_ms: number;
  jaeger_url: string;
  found: boolean;
  breakdown?: TimeBreakdown;
  spans?: SpanBar[];
}

/** CPU time used during a scenario, as a share of one core (100 = one core busy). */
export interface CpuUse {
  generator_percent: number;
  service_percent?: number;
}

/**
 * Resident memory of the target service during a plateau, in MiB, from
 * /proc/<pid>/status VmRSS. The figures are null when no sample was taken.
 */
export interface RssFigures {
  /** Median of the samples. */
  median: number | null;
  min: number | null;
  max: number | null;
  samples: number;
}

/** Errors of a scenario: the total and the count per class (`timeout`, `status_503`, ...). */
export interface ErrorCounts {
  total: number;
  by_class: Record<string, number>;
}

/** Results of one scenario. */
export interface ScenarioReport {
  name: string;
  kind: ScenarioKind;
  target: ServiceName;
  route: string;
  /** Constant arrival rate in requests per second (open model: latency and aggregate). */
  rate?: number;
  /** Concurrent connections, each with one request in flight (closed model). */
  connections?: number;
  /** The simulated wait the target was started with, in milliseconds. */
  simulated_io_ms: number;
  duration_s: number;
  requests: number;
  errors: ErrorCounts;
  /** Latency from the intended send time, so queueing in a stalled server is counted. */
  latency_ms: Percentiles;
  /** Latency from the actual send time. */
  service_time_ms: Percentiles;
  /** Requests sent per second: what the load generator managed against the target. */
  achieved_rate: number;
  /** Successful responses (2xx-3xx) per second. */
  throughput: number;
  late_sends: number;
  rss_mb?: RssFigures;
  cpu?: CpuUse;
  traces: TraceCounts;
  slowest: SlowRequest[];
}

/** Least-squares line of resident memory against connections for one service. */
export interface ConnectionFit {
  service: ServiceName;
  points: { connections: number; rss_mb: number }[];
  /** Marginal memory per connection, in KiB. */
  slope_kb_per_connection: number;
  /** Memory the line gives at zero connections, in MiB. */
  intercept_mb: number;
  r2: number;
  /** Resident memory at rest before the first plateau, in MiB, when it was measured. */
  idle_rss_mb?: number;
}

/** A pass/fail check on the run; any failure makes the run exit non-zero. */
export interface ThresholdResult {
  name: string;
  description: string;
  limit: string;
  actual: string;
  passed: boolean;
}

/** Version of the runtime one service ran on, and how it was found. */
export interface ServiceRuntime {
  service: ServiceName;
  runtime: string;
  source: string;
}

/** The machine and software the run measured. */
export interface MachineInfo {
  cpu_model: string;
  cores: number;
  memory_mb: number;
  os: string;
  kernel: string;
  arch: string;
  node_version: string;
  services: ServiceRuntime[];
}

/** Settings the run used, so that it can be repeated. */
export interface RunSettings {
  services: ServiceName[];
  simulated_io_ms: number;
  connections_simulated_io_ms: number;
  warmup_s: number;
  latency_rates: number[];
  connection_counts: number[];
  aggregate_rate: number;
  trace_sample_rate: number;
  command: string;
}

/** Where the memory figures come from: each process's VmRSS, or its container's cgroup. */
export type MemorySource = 'VmRSS' | 'cgroup';

/** An image the container runtime ran, with its size as the engine reports it. */
export interface ImageSize {
  part: string;
  image: string;
  size_mb: number;
}

/** report.json. */
export interface BenchReport {
  schema: typeof REPORT_SCHEMA_ID;
  generated_at: string;
  profile: ProfileName;
  runtime: RuntimeName;
  duration_s: number;
  passed: boolean;
  settings: RunSettings;
  machine: MachineInfo;
  scenarios: ScenarioReport[];
  connection_fits: ConnectionFit[];
  traces: TraceCounts;
  thresholds: ThresholdResult[];
  notes: string[];
  /** Absent in reports of runs before containers were supported, which used VmRSS. */
  memory_source?: MemorySource;
  /** The images of a container run; absent for local processes. */
  images?: ImageSize[];
}
