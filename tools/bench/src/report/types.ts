/**
 * Shapes of report.json. `report.schema.json` beside package.json is the
 * machine-readable form of the same types; the tests keep the two in step.
 */

/** Identifier of the report format, written as `schema`; bump it on an incompatible change. */
export const REPORT_SCHEMA_ID = 'triad-bench-report/1';

export type ProfileName = 'smoke' | 'standard' | 'full';
export type RuntimeName = 'local' | 'container';
export type ServiceName = 'go-api' | 'dotnet-api' | 'ts-api';
/**
 * `runtime` scenarios repeat the latency scenario of dotnet-api on the .NET 10
 * build, so that the report compares the two runtimes in one run.
 */
export type ScenarioKind = 'latency' | 'connections' | 'aggregate' | 'tracing' | 'runtime';

/**
 * Tracing of the target during a tracing-cost scenario: every request sampled
 * (OTEL_TRACES_SAMPLER=parentbased_always_on and the sampled flag on every
 * `traceparent`), or the SDK turned off with OTEL_SDK_DISABLED=true.
 */
export type TracingMode = 'sampled' | 'disabled';

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
  /** CPU time (user plus system) the service used during the scenario, in seconds. */
  service_seconds?: number;
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
  /** Tracing of the target; set on tracing-cost scenarios only. */
  tracing?: TracingMode;
  /** Runtime the target ran on, such as `.NET 10.0.12`; set on runtime scenarios only. */
  service_runtime?: string;
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

/** The source of the memory figures: each process's VmRSS, or its container's cgroup. */
export type MemorySource = 'VmRSS' | 'cgroup';

/** An image the container runtime ran, with its size as the engine reports it. */
export interface ImageSize {
  part: string;
  image: string;
  size_mb: number;
  /**
   * `engine`: the image a container run used, as the engine reports it.
   * `build-report`: dist/images/<name>.json of the last image build, on a
   * run of local processes. Absent in reports of older runs, which had engine sizes only.
   */
  source?: 'engine' | 'build-report';
}

/** Figures of one load run of the instrument check, latencies in milliseconds. */
export interface InstrumentRun {
  rate: number;
  duration_s: number;
  achieved_rate: number;
  p50_ms: number;
  p99_ms: number;
  /** Share of sends more than 1 ms after their intended time; null for vegeta, which does not report it. */
  late_share: number | null;
  errors: number;
}

/**
 * The load generator measured against vegeta on the same endpoint at the
 * same rate, one tool after the other, then alone at a high rate.
 */
export interface InstrumentCheck {
  target: ServiceName;
  /** Null when vegeta could not run; `vegeta_note` gives the reason. */
  vegeta: InstrumentRun | null;
  vegeta_note?: string;
  /** triad's generator at vegeta's rate, latency from the intended send time. */
  triad: InstrumentRun;
  /** triad's generator at the high rate. */
  high: InstrumentRun;
}

/** Tracing cost of one service: the same load with every request sampled and with the SDK disabled. */
export interface TracingCost {
  service: ServiceName;
  p99_ms_sampled: number;
  p99_ms_disabled: number;
  /** p99 with every request sampled minus p99 with the SDK disabled, in milliseconds. */
  p99_increase_ms: number;
  /** CPU time of the service per request, in microseconds; null when the service's CPU time was not readable. */
  cpu_us_per_request_sampled: number | null;
  cpu_us_per_request_disabled: number | null;
  /** Relative growth of CPU per request with tracing: 0.12 is 12% more. */
  cpu_per_request_growth: number | null;
  /**
   * Growth of the service's `telemetry_spans_dropped_total` over the traced
   * runs and the export of their last spans. Null when its /metrics could not be read.
   */
  sdk_spans_dropped: number | null;
}

/** Spans the Collector counted during the sampled tracing-cost runs, from its own Prometheus metrics. */
export interface CollectorSpanCounts {
  /** Growth of otelcol_receiver_accepted_spans. */
  accepted: number;
  /** Growth of otelcol_exporter_sent_spans. */
  sent: number;
  /** Growth of the sum of the counters named in `dropped_counters`. */
  dropped: number;
  dropped_counters: string[];
}

/** The tracing-cost comparison: GET /api/user at one rate, traced and untraced, per service. */
export interface TracingCostReport {
  /** Arrival rate of each run, in requests per second: the profile's top latency rate. */
  rate: number;
  /** Planned length of each run, in seconds. */
  duration_s: number;
  services: TracingCost[];
  /** Null when the Collector's metrics could not be read. */
  collector: CollectorSpanCounts | null;
}

/** Outcome of one budget item. */
export type BudgetStatus = 'met' | 'not_met' | 'not_measured';

/** One item of the performance budget, with the figure this run measured for it. */
export interface BudgetItem {
  name: string;
  /** The figure to reach, such as `<= 2 ms`. */
  target: string;
  /** The figure this run measured; null when it measured none. */
  measured: string | null;
  status: BudgetStatus;
  /** Source of the figure, or the reason it was not measured and the command that measures it. */
  detail: string;
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
  /**
   * Memory of every part of the stack (Jaeger, the Collector and the
   * services) at rest, in MiB, sampled after the first start before any
   * load. Absent when it could not be read.
   */
  stack_at_rest_mb?: Record<string, number>;
  /** Absent when the run had no instrument check. */
  instrument?: InstrumentCheck;
  /** Absent when the run had no tracing-cost scenarios. */
  tracing_cost?: TracingCostReport;
  /**
   * The performance budget; informational, it does not decide `passed`.
   * Absent in reports of runs before the budget was added.
   */
  budget?: BudgetItem[];
}
