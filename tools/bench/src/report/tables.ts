import { formatMs, formatNumber, formatPercent, formatSignedMs, formatSignedPercent } from './format';
import { SERVICE_NAMES, type BenchReport, type BudgetStatus, type InstrumentRun, type ScenarioReport, type SlowRequest } from './types';

/** A table cell: text, or text that links somewhere. */
export type Cell = string | { text: string; href: string };

/** A table of the report, rendered alike as Markdown and as HTML. */
export interface Table {
  headers: string[];
  /** Per column: numbers are right-aligned. */
  align: ('left' | 'right')[];
  rows: Cell[][];
}

function table(headers: string[], rows: Cell[][], rightFrom = 1): Table {
  return { headers, align: headers.map((_, index) => (index >= rightFrom ? 'right' : 'left')), rows };
}

/** Returns the text of a cell, without its link. */
export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

/** Returns the services that appear in the report's scenarios, in the usual order. */
export function reportedServices(report: BenchReport): string[] {
  return SERVICE_NAMES.filter((service) => report.scenarios.some((scenario) => scenario.target === service));
}

/** Builds the table of the machine and the runtime each service ran on. */
export function machineTable(report: BenchReport): Table {
  const machine = report.machine;
  const rows: Cell[][] = [
    ['CPU', `${machine.cpu_model} (${machine.cores} cores, shared by the load generator and the services)`],
    ['memory', `${formatNumber(machine.memory_mb / 1024, 1)} GiB`],
    ['OS', `${machine.os}, kernel ${machine.kernel}, ${machine.arch}`],
    ['load generator', `Node.js ${machine.node_version}`],
    ...machine.services.map((service): Cell[] => [service.service, `${service.runtime} (${service.source})`]),
    ['memory figures', memorySourceText(report)],
    ...(report.images ?? []).map((image): Cell[] => [
      `image of ${image.part}`,
      `${image.image}, ${formatNumber(image.size_mb, 1)} MB${image.source === 'build-report' ? ' (from the last image build, dist/images)' : ''}`,
    ]),
  ];
  return table(['part', 'description'], rows, 2);
}

/** Says what the memory figures of a report measure. */
export function memorySourceText(report: BenchReport): string {
  return report.memory_source === 'cgroup'
    ? "each container's cgroup memory, less inactive page cache (as `docker stats` shows it)"
    : "each service process's VmRSS from /proc/<pid>/status";
}

/** Builds the table of latency percentiles by rate and service for the latency scenarios. */
export function latencyTable(report: BenchReport): Table {
  const rows = byRateThenService(report.scenarios.filter((scenario) => scenario.kind === 'latency')).map(
    (scenario): Cell[] => [
      formatNumber(scenario.rate ?? 0),
      scenario.target,
      formatNumber(scenario.achieved_rate, 1),
      formatMs(scenario.latency_ms.p50),
      formatMs(scenario.latency_ms.p95),
      formatMs(scenario.latency_ms.p99),
      formatMs(scenario.latency_ms.max),
      formatNumber(scenario.errors.total),
    ],
  );
  const latency = table(
    ['rate (/s)', 'service', 'achieved (/s)', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)', 'max (ms)', 'errors'],
    rows,
    2,
  );
  latency.align[0] = 'right';
  return latency;
}

/** Returns the runtime names of dotnet-api's builds in a report with runtime scenarios: `[.NET 8.x, .NET 10.x]`. */
export function dotnetRuntimeLabels(report: BenchReport): [string, string] {
  const short = (runtime: string | undefined): string => /\.NET [0-9.]+/.exec(runtime ?? '')?.[0] ?? runtime ?? 'unknown';
  const baseline = report.machine.services.find((service) => service.service === 'dotnet-api')?.runtime;
  const other = report.scenarios.find((scenario) => scenario.kind === 'runtime')?.service_runtime;
  return [short(baseline), short(other)];
}

/**
 * Builds the table that sets dotnet-api's latency scenarios beside the same
 * scenarios on its .NET 10 build, by rate.
 */
export function runtimeTable(report: BenchReport): Table {
  const [baseline, other] = dotnetRuntimeLabels(report);
  const candidates = report.scenarios.filter((scenario) => scenario.kind === 'runtime');
  const rows = candidates
    .map((candidate) => ({
      candidate,
      base: report.scenarios.find(
        (scenario) => scenario.kind === 'latency' && scenario.target === candidate.target && scenario.rate === candidate.rate,
      ),
    }))
    .sort((a, b) => (a.candidate.rate ?? 0) - (b.candidate.rate ?? 0))
    .map(({ candidate, base }): Cell[] => [
      formatNumber(candidate.rate ?? 0),
      base === undefined ? 'n/a' : formatMs(base.latency_ms.p50),
      formatMs(candidate.latency_ms.p50),
      base === undefined ? 'n/a' : formatMs(base.latency_ms.p99),
      formatMs(candidate.latency_ms.p99),
      base?.cpu?.service_percent === undefined ? 'n/a' : formatPercent(base.cpu.service_percent / 100),
      candidate.cpu?.service_percent === undefined ? 'n/a' : formatPercent(candidate.cpu.service_percent / 100),
      formatNumber(candidate.errors.total),
    ]);
  return table(
    [
      'rate (/s)',
      `p50 ${baseline} (ms)`,
      `p50 ${other} (ms)`,
      `p99 ${baseline} (ms)`,
      `p99 ${other} (ms)`,
      `CPU ${baseline}`,
      `CPU ${other}`,
      `errors ${other}`,
    ],
    rows,
    0,
  );
}

/** Builds the table of the instrument check: vegeta and triad's generator at one rate, then the generator at a high rate. */
export function instrumentTable(report: BenchReport): Table {
  const check = report.instrument;
  if (check === undefined) return table(['run'], []);
  const row = (name: string, run: InstrumentRun): Cell[] => [
    name,
    formatNumber(run.rate),
    formatNumber(run.achieved_rate, 1),
    formatMs(run.p50_ms),
    formatMs(run.p99_ms),
    run.late_share === null ? 'n/a' : formatPercent(run.late_share),
    formatNumber(run.errors),
  ];
  const rows: Cell[][] = [];
  if (check.vegeta !== null) rows.push(row('vegeta', check.vegeta));
  rows.push(row('triad load (latency from the intended send)', check.triad));
  if (check.vegeta !== null) {
    rows.push([
      'triad load − vegeta',
      '',
      '',
      formatSignedMs(check.triad.p50_ms - check.vegeta.p50_ms),
      formatSignedMs(check.triad.p99_ms - check.vegeta.p99_ms),
      '',
      '',
    ]);
  }
  rows.push(row('triad load at the high rate', check.high));
  return table(['run', 'target (/s)', 'achieved (/s)', 'p50 (ms)', 'p99 (ms)', 'late sends', 'errors'], rows);
}

/** Builds the table of p99 minus the simulated wait, by rate (rows) and service (columns). */
export function overheadTable(report: BenchReport): Table {
  const latency = report.scenarios.filter((scenario) => scenario.kind === 'latency');
  const services = reportedServices(report);
  const rates = [...new Set(latency.map((scenario) => scenario.rate ?? 0))].sort((a, b) => a - b);
  const rows = rates.map((rate): Cell[] => [
    formatNumber(rate),
    ...services.map((service) => {
      const scenario = latency.find((candidate) => candidate.rate === rate && candidate.target === service);
      return scenario === undefined ? '' : formatSignedMs(scenario.latency_ms.p99 - scenario.simulated_io_ms);
    }),
  ]);
  return table(['rate (/s)', ...services.map((service) => `${service} (ms)`)], rows, 0);
}

/** Builds the table of achieved against target rate, with late sends and the CPU each side used. */
export function throughputTable(report: BenchReport): Table {
  const rows = report.scenarios
    .filter((scenario) => scenario.rate !== undefined)
    .map((scenario): Cell[] => [
      scenario.name,
      formatNumber(scenario.rate ?? 0),
      formatNumber(scenario.achieved_rate, 1),
      formatPercent(scenario.achieved_rate / (scenario.rate ?? 1)),
      formatNumber(scenario.late_sends),
      scenario.cpu === undefined ? 'n/a' : formatPercent(scenario.cpu.generator_percent / 100),
      scenario.cpu?.service_percent === undefined ? 'n/a' : formatPercent(scenario.cpu.service_percent / 100),
    ]);
  return table(
    ['scenario', 'target (/s)', 'achieved (/s)', 'share', 'late sends', 'generator CPU', 'service CPU'],
    rows,
  );
}

/**
 * Builds the table of median resident memory by connections (rows) and
 * service (columns), with the figure at rest first.
 */
export function memoryTable(report: BenchReport): Table {
  const connections = report.scenarios.filter((scenario) => scenario.kind === 'connections');
  const services = SERVICE_NAMES.filter((service) => connections.some((scenario) => scenario.target === service));
  const counts = [...new Set(connections.map((scenario) => scenario.connections ?? 0))].sort((a, b) => a - b);
  const rows: Cell[][] = [];
  const idle = services.map((service) => report.connection_fits.find((fit) => fit.service === service)?.idle_rss_mb);
  if (idle.some((value) => value !== undefined)) {
    rows.push(['0 (idle)', ...idle.map((value) => (value === undefined ? '' : formatNumber(value, 1)))]);
  }
  for (const count of counts) {
    rows.push([
      formatNumber(count),
      ...services.map((service) => {
        const rss = connections.find((scenario) => scenario.connections === count && scenario.target === service)
          ?.rss_mb;
        if (rss?.median == null) {
          return rss === undefined ? '' : 'no samples';
        }
        return `${formatNumber(rss.median, 1)} (${formatNumber(rss.min ?? 0, 1)}–${formatNumber(rss.max ?? 0, 1)})`;
      }),
    ]);
  }
  return table(['connections', ...services.map((service) => `${service} (MiB)`)], rows, 0);
}

/** Builds the table of the least-squares fit of memory against connections per service. */
export function fitTable(report: BenchReport): Table {
  const rows = report.connection_fits.map((fit): Cell[] => [
    fit.service,
    formatNumber(fit.slope_kb_per_connection, 2),
    formatNumber(fit.intercept_mb, 1),
    fit.r2.toFixed(3),
    fit.points.map((point) => formatNumber(point.connections)).join(', '),
  ]);
  return table(['service', 'KiB per connection', 'intercept (MiB)', 'r²', 'connections fitted'], rows);
}

/**
 * Builds the table of latency per connections scenario. With one request per
 * connection, latency above the simulated wait is queueing in the service.
 */
export function connectionsLatencyTable(report: BenchReport): Table {
  const rows = report.scenarios
    .filter((scenario) => scenario.kind === 'connections')
    .map((scenario): Cell[] => [
      scenario.target,
      formatNumber(scenario.connections ?? 0),
      formatNumber(scenario.requests),
      formatNumber(scenario.achieved_rate, 1),
      formatMs(scenario.latency_ms.p50),
      formatMs(scenario.latency_ms.p99),
      formatNumber(scenario.errors.total),
    ]);
  return table(['service', 'connections', 'requests', 'rate (/s)', 'p50 (ms)', 'p99 (ms)', 'errors'], rows);
}

/** Builds the table of the aggregate scenarios: ts-api calling go-api and dotnet-api. */
export function aggregateTable(report: BenchReport): Table {
  const rows = report.scenarios
    .filter((scenario) => scenario.kind === 'aggregate')
    .map((scenario): Cell[] => [
      formatNumber(scenario.rate ?? 0),
      formatNumber(scenario.achieved_rate, 1),
      formatMs(scenario.latency_ms.p50),
      formatMs(scenario.latency_ms.p95),
      formatMs(scenario.latency_ms.p99),
      formatSignedMs(scenario.latency_ms.p99 - scenario.simulated_io_ms),
      formatNumber(scenario.errors.total),
      `${scenario.traces.complete} of ${scenario.traces.sampled}`,
    ]);
  return table(
    ['rate (/s)', 'achieved (/s)', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)', 'p99 − wait (ms)', 'errors', 'traces complete'],
    rows,
    0,
  );
}

/** Builds the table of errors by class, for the scenarios that had any. */
export function errorTable(report: BenchReport): Table {
  const rows = report.scenarios
    .filter((scenario) => scenario.errors.total > 0)
    .map((scenario): Cell[] => [
      scenario.name,
      formatNumber(scenario.errors.total),
      Object.entries(scenario.errors.by_class)
        .map(([errorClass, count]) => `${errorClass}: ${formatNumber(count)}`)
        .join(', '),
    ]);
  return table(['scenario', 'errors', 'by class'], rows, 1);
}

/** Builds the table of trace look-ups per scenario, with the total. */
export function tracesTable(report: BenchReport): Table {
  const rows = report.scenarios.map((scenario): Cell[] => [
    scenario.name,
    formatNumber(scenario.traces.sampled),
    formatNumber(scenario.traces.found),
    formatNumber(scenario.traces.complete),
  ]);
  rows.push([
    'total',
    formatNumber(report.traces.sampled),
    formatNumber(report.traces.found),
    formatNumber(report.traces.complete),
  ]);
  return table(['scenario', 'sampled', 'found', 'complete'], rows);
}

/** Builds the table of the thresholds with their outcome. */
export function thresholdTable(report: BenchReport): Table {
  const rows = report.thresholds.map((threshold): Cell[] => [
    threshold.name,
    threshold.limit,
    threshold.actual,
    threshold.passed ? 'pass' : 'FAIL',
  ]);
  return table(['threshold', 'limit', 'actual', 'result'], rows, 4);
}

/** Builds the table of a scenario's slowest sampled requests, split by where their time went. */
export function slowestTable(scenario: ScenarioReport): Table {
  const named = new Set(scenario.slowest.flatMap((request) => Object.keys(request.breakdown?.services_ms ?? {})));
  const services = [
    ...SERVICE_NAMES.filter((service) => named.has(service)),
    ...[...named].filter((service) => !(SERVICE_NAMES as readonly string[]).includes(service)),
  ];
  const rows = scenario.slowest.map((request): Cell[] => [
    { text: request.trace_id, href: request.jaeger_url },
    formatMs(request.latency_ms),
    ...breakdownCells(request, services),
  ]);
  return table(
    ['trace', 'latency (ms)', ...services.map((service) => `${service} (ms)`), 'simulated-io (ms)', 'rest (ms)'],
    rows,
  );
}

function breakdownCells(request: SlowRequest, services: string[]): string[] {
  const breakdown = request.breakdown;
  if (breakdown === undefined) {
    const reason = request.found ? 'no breakdown' : 'not found in Jaeger';
    return [...services.map(() => ''), reason, ''];
  }
  return [
    ...services.map((service) => formatMs(breakdown.services_ms[service] ?? 0)),
    formatMs(breakdown.simulated_io_ms),
    formatMs(breakdown.other_ms),
  ];
}

function byRateThenService(scenarios: ScenarioReport[]): ScenarioReport[] {
  const order = (scenario: ScenarioReport) => SERVICE_NAMES.indexOf(scenario.target);
  return [...scenarios].sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || order(a) - order(b));
}

/** Builds the table of the tracing cost per service: p99 and CPU per request, traced and untraced. */
export function tracingCostTable(report: BenchReport): Table {
  const rows = (report.tracing_cost?.services ?? []).map((cost): Cell[] => [
    cost.service,
    formatMs(cost.p99_ms_disabled),
    formatMs(cost.p99_ms_sampled),
    formatSignedMs(cost.p99_increase_ms),
    microseconds(cost.cpu_us_per_request_disabled),
    microseconds(cost.cpu_us_per_request_sampled),
    cost.cpu_per_request_growth === null ? 'n/a' : formatSignedPercent(cost.cpu_per_request_growth),
    cost.sdk_spans_dropped === null ? 'not read' : formatNumber(cost.sdk_spans_dropped),
    ...tracedRunHealth(report, cost.service),
  ]);
  return table(
    [
      'service',
      'p99 untraced (ms)',
      'p99 traced (ms)',
      'p99 increase (ms)',
      'CPU/request untraced (µs)',
      'CPU/request traced (µs)',
      'CPU/request growth',
      'spans dropped by the SDK',
      'errors traced',
      'achieved traced',
      'traces found traced',
    ],
    rows,
  );
}

// The traced run's errors, achieved rate and traces found, which the
// thresholds leave aside: a service that cannot export at the rate shows it here.
function tracedRunHealth(report: BenchReport, service: string): Cell[] {
  const run = report.scenarios.find(
    (scenario) => scenario.kind === 'tracing' && scenario.tracing === 'sampled' && scenario.target === service,
  );
  if (run?.rate === undefined) return ['n/a', 'n/a', 'n/a'];
  return [
    formatNumber(run.errors.total),
    formatPercent(run.achieved_rate / run.rate),
    `${formatNumber(run.traces.found)} of ${formatNumber(run.traces.sampled)}`,
  ];
}

/** Builds the table of the Collector's span counters during the sampled tracing-cost runs. */
export function collectorSpansTable(report: BenchReport): Table {
  const collector = report.tracing_cost?.collector;
  if (collector === undefined || collector === null) {
    return table(['Collector', 'spans'], []);
  }
  const rows: Cell[][] = [
    ['accepted (otelcol_receiver_accepted_spans)', formatNumber(collector.accepted)],
    ['sent to Jaeger (otelcol_exporter_sent_spans)', formatNumber(collector.sent)],
    [`dropped (${collector.dropped_counters.join(' + ')})`, formatNumber(collector.dropped)],
  ];
  return table(['Collector', 'spans'], rows);
}

/** Builds the performance budget table: each item, its target, the figure of this run and the outcome. */
export function budgetTable(report: BenchReport): Table {
  const rows = (report.budget ?? []).map((item): Cell[] => [
    item.name,
    item.target,
    item.measured ?? '',
    BUDGET_STATUS_TEXT[item.status],
    item.detail,
  ]);
  return table(['item', 'target', 'measured', 'status', 'source'], rows, 5);
}

const BUDGET_STATUS_TEXT: Readonly<Record<BudgetStatus, string>> = {
  met: 'met',
  not_met: 'not met',
  not_measured: 'not measured',
};

function microseconds(value: number | null): string {
  return value === null ? 'n/a' : formatNumber(value, 1);
}
