import { formatNumber } from './format';
import {
  aggregateTable,
  budgetTable,
  dotnetRuntimeLabels,
  cellText,
  collectorSpansTable,
  connectionsLatencyTable,
  errorTable,
  fitTable,
  instrumentTable,
  latencyTable,
  machineTable,
  memorySourceText,
  memoryTable,
  overheadTable,
  runtimeTable,
  slowestTable,
  thresholdTable,
  throughputTable,
  tracesTable,
  tracingCostTable,
  type Cell,
  type Table,
} from './tables';
import type { BenchReport } from './types';

/** Renders report.md: the tables an engineer would publish, then where the time of the slowest requests went. */
export function renderMarkdown(report: BenchReport): string {
  const sections = [
    header(report),
    section('Thresholds', thresholdTable(report)),
    section('Performance budget', budgetTable(report), [BUDGET_INTRO]),
    section('Machine', machineTable(report), [
      'Load generator and services share these cores, so compare the runtimes within this run only.',
    ]),
    ...latencySections(report),
    ...connectionSections(report),
    ...aggregateSections(report),
    ...runtimeSections(report),
    ...instrumentSections(report),
    ...tracingCostSections(report),
    section('Errors by class', errorTable(report)),
    section('Traces', tracesTable(report), [
      'Sampled trace ids looked up in Jaeger; complete means the expected server spans, ' +
        'parent links and simulated-io spans were all there.',
    ]),
    timeSection(report),
    notesSection(report),
  ];
  return `${sections.filter((text) => text !== '').join('\n\n')}\n`;
}

function header(report: BenchReport): string {
  const passedCount = report.thresholds.filter((threshold) => threshold.passed).length;
  const outcome = report.passed ? 'passed' : 'FAILED';
  return [
    `# triad bench: ${report.profile} profile`,
    '',
    `Run of ${report.generated_at} on the ${report.runtime} runtime, ${formatNumber(report.duration_s)} s in all: ` +
      `**${outcome}** (${passedCount} of ${report.thresholds.length} thresholds passed).`,
    '',
    `Repeat it with \`${report.settings.command}\`.`,
  ].join('\n');
}

function latencySections(report: BenchReport): string[] {
  if (!report.scenarios.some((scenario) => scenario.kind === 'latency')) {
    return [];
  }
  const wait = report.settings.simulated_io_ms;
  return [
    section(`Latency by service and rate (GET /api/user, simulated wait ${wait} ms)`, latencyTable(report), [
      'Open model at a constant arrival rate; latency counts from the intended send time, ' +
        'so a stalled server cannot hide its queue.',
    ]),
    section(`Overhead above the simulated wait (p99 − ${wait} ms)`, overheadTable(report)),
    section('Achieved against target rate', throughputTable(report), [
      'Late sends are requests the generator sent after their intended time. ' +
        'CPU is a share of one core (200% is both cores of a 2-core machine).',
    ]),
  ];
}

function connectionSections(report: BenchReport): string[] {
  if (!report.scenarios.some((scenario) => scenario.kind === 'connections')) {
    return [];
  }
  const wait = report.settings.connections_simulated_io_ms;
  return [
    section('Memory by connections', memoryTable(report), [
      `Median memory during the plateau (min–max in brackets): ${memorySourceText(report)}. Each connection holds one request in flight, ` +
        `with the services restarted at a simulated wait of ${formatNumber(wait)} ms.`,
    ]),
    section('Memory per connection (least-squares fit)', fitTable(report), fitNotes(report)),
    section('Latency while holding connections', connectionsLatencyTable(report)),
  ];
}

/** Returns the caveat of fits through only two points, whose r² carries no information. */
export function fitNotes(report: BenchReport): string[] {
  if (!report.connection_fits.some((fit) => fit.points.length === 2)) {
    return [];
  }
  return ['A line through two connection counts fits them exactly, so its r² of 1 says nothing about linearity.'];
}

function aggregateSections(report: BenchReport): string[] {
  if (!report.scenarios.some((scenario) => scenario.kind === 'aggregate')) {
    return [];
  }
  return [
    section('Aggregate (ts-api calling go-api and dotnet-api)', aggregateTable(report), [
      'GET /api/aggregate waits for both backends concurrently, so it takes about one simulated wait.',
    ]),
  ];
}

function runtimeSections(report: BenchReport): string[] {
  if (!report.scenarios.some((scenario) => scenario.kind === 'runtime')) {
    return [];
  }
  const [baseline, other] = dotnetRuntimeLabels(report);
  return [section(`dotnet-api on ${baseline} and ${other}`, runtimeTable(report), [RUNTIME_INTRO])];
}

function instrumentSections(report: BenchReport): string[] {
  if (report.instrument === undefined) {
    return [];
  }
  return [section('The load generator against vegeta', instrumentTable(report), instrumentNotes(report))];
}

/** Returns the paragraphs above the instrument table, shared with report.html. */
export function instrumentNotes(report: BenchReport): string[] {
  const check = report.instrument;
  if (check === undefined) return [];
  const notes = [
    `Both tools load GET /api/user on ${check.target}, one after the other, each request with an unsampled traceparent. ` +
      'Late sends are sends more than 1 ms after their intended time; vegeta does not report them.',
  ];
  if (check.vegeta === null) notes.push(`vegeta did not run: ${check.vegeta_note ?? 'unknown reason'}.`);
  return notes;
}

/** The paragraph above the runtime table, shared with report.html. */
export const RUNTIME_INTRO =
  'The same code published for both runtimes (self-contained, trimmed, Server GC), both running in the latency phase: ' +
  'at each rate the .NET 10 build is loaded right after the .NET 8 one. CPU is a share of one core.';

/** The paragraph above the budget table, shared with report.html. */
export const BUDGET_INTRO =
  'The published budget for a 2-core machine, compared with this run. It is informational: ' +
  'only the thresholds decide whether the run passed.';

/** Returns the paragraphs that explain the tracing-cost table, shared with report.html. */
export function tracingCostNotes(report: BenchReport): string[] {
  const cost = report.tracing_cost;
  if (cost === undefined) {
    return [];
  }
  return [
    `GET /api/user at ${formatNumber(cost.rate)}/s for ${formatNumber(cost.duration_s, 1)} s per service, twice: ` +
      'traced, with every request sampled (OTEL_TRACES_SAMPLER=parentbased_always_on and the sampled flag on every ' +
      '`traceparent`), and untraced, on a separate start of the stack with OTEL_SDK_DISABLED=true. CPU per request ' +
      'is the CPU time of the service process divided by the requests sent.',
    'Spans dropped are the growth of each service\'s `telemetry_spans_dropped_total` and of the Collector\'s own ' +
      'counters, from before the first traced run until the export of the last spans.',
  ];
}

function tracingCostSections(report: BenchReport): string[] {
  if (report.tracing_cost === undefined) {
    return [];
  }
  return [
    section('Tracing cost', tracingCostTable(report), tracingCostNotes(report)),
    section('Collector spans during the traced runs', collectorSpansTable(report)),
  ];
}

function timeSection(report: BenchReport): string {
  const withSlowest = report.scenarios.filter((scenario) => scenario.slowest.length > 0);
  if (withSlowest.length === 0) {
    return '';
  }
  const parts = [
    '## Where the time went',
    '',
    'Slowest sampled requests of each scenario, split by their spans in Jaeger: time in each service ' +
      'outside the simulated wait and its outgoing calls, in simulated-io, and the rest of the measured ' +
      'latency (network, queues, the load generator).',
  ];
  for (const scenario of withSlowest) {
    parts.push('', `### ${scenario.name}`, '', renderTable(slowestTable(scenario)));
  }
  return parts.join('\n');
}

function notesSection(report: BenchReport): string {
  if (report.notes.length === 0) {
    return '';
  }
  return ['## Notes', '', ...report.notes.map((note) => `- ${note}`)].join('\n');
}

function section(title: string, body: Table, paragraphs: string[] = []): string {
  if (body.rows.length === 0) {
    return '';
  }
  return [`## ${title}`, '', ...paragraphs.flatMap((text) => [text, '']), renderTable(body)].join('\n');
}

/** Renders a table in GitHub-flavoured Markdown. */
export function renderTable(table: Table): string {
  const header = `| ${table.headers.map(escapeCell).join(' | ')} |`;
  const rule = `| ${table.align.map((align) => (align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const rows = table.rows.map((row) => `| ${row.map(renderCell).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

function renderCell(cell: Cell): string {
  if (typeof cell === 'string') {
    return escapeCell(cell);
  }
  return `[${escapeCell(cellText(cell))}](${cell.href})`;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
