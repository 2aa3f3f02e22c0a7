import {
  SIMULATED_IO_COLOR,
  escapeXml,
  renderLineChart,
  renderWaterfall,
  serviceColor,
  type LineChart,
  type Series,
  type WaterfallBar,
} from './charts';
import { formatNumber } from './format';
import { BUDGET_INTRO, fitNotes, instrumentNotes, RUNTIME_INTRO, tracingCostNotes } from './markdown';
import {
  aggregateTable,
  budgetTable,
  collectorSpansTable,
  dotnetRuntimeLabels,
  connectionsLatencyTable,
  errorTable,
  fitTable,
  instrumentTable,
  latencyTable,
  machineTable,
  memoryTable,
  overheadTable,
  reportedServices,
  runtimeTable,
  thresholdTable,
  throughputTable,
  tracesTable,
  tracingCostTable,
  slowestTable,
  type Cell,
  type Table,
} from './tables';
import { type BenchReport, type ScenarioReport, type SlowRequest } from './types';

/** One chart of report.html, named so that tests and the browser check can find it. */
export interface ReportChart {
  id: string;
  caption: string;
  svg: string;
}

// Nothing in the report may be fetched: styles are inline and there is no script.
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1f2933; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #e4e7eb; } h3 { font-size: 1rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e4e7eb; }
th { text-align: left; background: #f5f7fa; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.passed { color: #1f7a3a; font-weight: 600; } .failed { color: #b42318; font-weight: 600; }
figure.chart { margin: 1rem 0; } figure.chart figcaption { color: #52606d; font-size: 0.9rem; }
.chart-title { font-weight: 600; font-size: 14px; fill: #1f2933; }
.tick-label, .legend-label, .span-label, .reference-label { font-size: 11px; fill: #3e4c59; }
.axis-label { font-size: 12px; fill: #3e4c59; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
code { background: #f5f7fa; padding: 0 0.2rem; }
`;

/** Renders report.html: one self-contained page with the report's tables and inline SVG charts. */
export function renderHtml(report: BenchReport): string {
  const charts = reportCharts(report);
  const chart = (id: string) => charts.find((candidate) => candidate.id === id);
  const passedCount = report.thresholds.filter((threshold) => threshold.passed).length;

  const body = [
    `<h1>triad bench: ${escapeXml(report.profile)} profile</h1>`,
    `<p>Run of ${escapeXml(report.generated_at)} on the ${escapeXml(report.runtime)} runtime, ` +
      `${formatNumber(report.duration_s)} s in all: <span class="${report.passed ? 'passed' : 'failed'}">` +
      `${report.passed ? 'passed' : 'FAILED'}</span> (${passedCount} of ${report.thresholds.length} thresholds passed). ` +
      `Repeat it with <code>${escapeXml(report.settings.command)}</code>.</p>`,
    section('Thresholds', [tableHtml(thresholdTable(report))]),
    section('Performance budget', report.budget === undefined ? [] : [`<p>${escapeXml(BUDGET_INTRO)}</p>`, tableHtml(budgetTable(report))]),
    section('Machine', [
      tableHtml(machineTable(report)),
      '<p>Load generator and services share these cores, so compare the runtimes within this run only.</p>',
    ]),
    section(`Latency by service and rate (GET /api/user, simulated wait ${report.settings.simulated_io_ms} ms)`, [
      figures([chart('latency-p50'), chart('latency-p99')]),
      tableHtml(latencyTable(report)),
      `<h3>Overhead above the simulated wait (p99 − ${report.settings.simulated_io_ms} ms)</h3>`,
      tableHtml(overheadTable(report)),
    ]),
    section('Achieved against target rate', [figures([chart('throughput')]), tableHtml(throughputTable(report))]),
    section('Memory by connections', [
      figures([chart('memory')]),
      tableHtml(memoryTable(report)),
      '<h3>Memory per connection (least-squares fit)</h3>',
      ...fitNotes(report).map((note) => `<p>${escapeXml(note)}</p>`),
      tableHtml(fitTable(report)),
      '<h3>Latency while holding connections</h3>',
      tableHtml(connectionsLatencyTable(report)),
    ]),
    section('Aggregate (ts-api calling go-api and dotnet-api)', [tableHtml(aggregateTable(report))]),
    runtimeSection(report),
    section('The load generator against vegeta', report.instrument === undefined ? [] : [
      ...instrumentNotes(report).map((note) => `<p>${escapeXml(note)}</p>`),
      tableHtml(instrumentTable(report)),
    ]),
    section('Tracing cost', [
      ...tracingCostNotes(report).map((note) => `<p>${escapeXml(note)}</p>`),
      tableHtml(tracingCostTable(report)),
      tableHtml(collectorSpansTable(report)),
    ]),
    section('Errors by class', [tableHtml(errorTable(report))]),
    section('Traces', [tableHtml(tracesTable(report))]),
    section('Where the time went', timeSection(report, charts)),
    section('Notes', report.notes.length === 0 ? [] : [`<ul>${report.notes.map((note) => `<li>${escapeXml(note)}</li>`).join('')}</ul>`]),
  ];

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>triad bench ${escapeXml(report.profile)} ${escapeXml(report.generated_at)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body.filter((part) => part !== ''),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Builds every chart the report has data for: latency curves, throughput, memory and one waterfall per slow trace. */
export function reportCharts(report: BenchReport): ReportChart[] {
  const charts: ReportChart[] = [];
  const latency = report.scenarios.filter((scenario) => scenario.kind === 'latency');
  const services = reportedServices(report);
  const wait = { y: report.settings.simulated_io_ms, label: `simulated wait ${report.settings.simulated_io_ms} ms` };

  if (latency.length > 0) {
    for (const percentile of ['p50', 'p99'] as const) {
      const chart: LineChart = {
        title: `${percentile} latency against arrival rate, GET /api/user`,
        xLabel: 'arrival rate (requests/s)',
        yLabel: `${percentile} latency (ms)`,
        series: perService(services, latency, (scenario) => ({ x: scenario.rate ?? 0, y: scenario.latency_ms[percentile] })),
        reference: wait,
      };
      charts.push({ id: `latency-${percentile}`, caption: `${percentile} by service and rate`, svg: renderLineChart(chart) });
    }
  }

  const openModel = report.scenarios.filter((scenario) => scenario.kind === 'latency' && scenario.rate !== undefined);
  if (openModel.length > 0) {
    charts.push({ id: 'throughput', caption: 'achieved against target rate', svg: renderLineChart(throughputChart(services, openModel)) });
  }

  if (report.connection_fits.length > 0) {
    charts.push({ id: 'memory', caption: 'resident memory against connections, with the least-squares lines', svg: renderLineChart(memoryChart(report)) });
  }

  for (const scenario of report.scenarios) {
    scenario.slowest.forEach((request, index) => {
      if (request.spans === undefined || request.spans.length === 0) {
        return;
      }
      charts.push({
        id: waterfallId(scenario, index),
        caption: `spans of trace ${request.trace_id} (${formatNumber(request.latency_ms, 1)} ms)`,
        svg: renderWaterfall(`${scenario.name}: ${request.trace_id.slice(0, 12)}…`, waterfallBars(request)),
      });
    });
  }
  return charts;
}

function perService(
  services: string[],
  scenarios: ScenarioReport[],
  point: (scenario: ScenarioReport) => { x: number; y: number },
): Series[] {
  return services
    .map((service) => ({
      name: service,
      color: serviceColor(service),
      points: scenarios.filter((scenario) => scenario.target === service).map(point),
    }))
    .filter((series) => series.points.length > 0);
}

function throughputChart(services: string[], scenarios: ScenarioReport[]): LineChart {
  const targets = scenarios.map((scenario) => scenario.rate ?? 0);
  const ideal: Series = {
    name: 'target',
    color: '#9aa5b1',
    dashed: true,
    markers: false,
    points: [
      { x: Math.min(...targets), y: Math.min(...targets) },
      { x: Math.max(...targets), y: Math.max(...targets) },
    ],
  };
  return {
    title: 'Achieved against target rate, GET /api/user',
    xLabel: 'target rate (requests/s)',
    yLabel: 'achieved rate (requests/s)',
    series: [...perService(services, scenarios, (scenario) => ({ x: scenario.rate ?? 0, y: scenario.achieved_rate })), ideal],
  };
}

function memoryChart(report: BenchReport): LineChart {
  const series: Series[] = [];
  for (const fit of report.connection_fits) {
    const color = serviceColor(fit.service);
    series.push({ name: fit.service, color, points: fit.points.map((point) => ({ x: point.connections, y: point.rss_mb })) });
    const xs = fit.points.map((point) => point.connections);
    const line = (x: number) => ({ x, y: fit.intercept_mb + (fit.slope_kb_per_connection / 1024) * x });
    series.push({
      name: `${fit.service} fit`,
      color,
      dashed: true,
      markers: false,
      points: [line(Math.min(...xs)), line(Math.max(...xs))],
    });
  }
  return {
    title: 'Resident memory against concurrent connections',
    xLabel: 'concurrent connections (one request in flight each)',
    yLabel: report.memory_source === 'cgroup' ? 'median cgroup memory (MiB)' : 'median VmRSS (MiB)',
    series,
  };
}

function waterfallBars(request: SlowRequest): WaterfallBar[] {
  return (request.spans ?? []).map((span) => ({
    label: `${span.service}: ${span.name}`,
    start: span.start_ms,
    duration: span.duration_ms,
    depth: span.depth,
    color: span.name === 'simulated-io' ? SIMULATED_IO_COLOR : serviceColor(span.service),
  }));
}

/** Returns the chart id of the waterfall of a scenario's index-th slowest request. */
export function waterfallId(scenario: ScenarioReport, index: number): string {
  const slug = scenario.name.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-').replaceAll(/^-|-$/g, '');
  return `waterfall-${slug}-${index + 1}`;
}

function timeSection(report: BenchReport, charts: ReportChart[]): string[] {
  const parts: string[] = [];
  for (const scenario of report.scenarios.filter((candidate) => candidate.slowest.length > 0)) {
    parts.push(`<h3>${escapeXml(scenario.name)}</h3>`, tableHtml(slowestTable(scenario)));
    const waterfalls = scenario.slowest.map((_, index) => charts.find((chart) => chart.id === waterfallId(scenario, index)));
    parts.push(figures(waterfalls));
  }
  if (parts.length > 0) {
    parts.unshift(
      '<p>Slowest sampled requests of each scenario, split by their spans in Jaeger: time in each service ' +
        'outside the simulated wait and its outgoing calls, in simulated-io (grey bars), and the rest of the ' +
        'measured latency (network, queues, the load generator). The first bar of each waterfall is the request ' +
        'as the load generator measured it, from its intended send time.</p>',
    );
  }
  return parts;
}

function runtimeSection(report: BenchReport): string {
  if (!report.scenarios.some((scenario) => scenario.kind === 'runtime')) return '';
  const [baseline, other] = dotnetRuntimeLabels(report);
  return section(`dotnet-api on ${baseline} and ${other}`, [`<p>${escapeXml(RUNTIME_INTRO)}</p>`, tableHtml(runtimeTable(report))]);
}

function section(title: string, parts: string[]): string {
  const content = parts.filter((part) => part !== '');
  if (content.length === 0) {
    return '';
  }
  return [`<section><h2>${escapeXml(title)}</h2>`, ...content, '</section>'].join('\n');
}

function figures(charts: (ReportChart | undefined)[]): string {
  const present = charts.filter((chart) => chart !== undefined);
  if (present.length === 0) {
    return '';
  }
  const items = present.map(
    (chart) =>
      `<figure class="chart" id="chart-${chart.id}" data-chart="${chart.id}">${chart.svg}` +
      `<figcaption>${escapeXml(chart.caption)}</figcaption></figure>`,
  );
  return `<div class="charts">${items.join('\n')}</div>`;
}

function tableHtml(table: Table): string {
  if (table.rows.length === 0) {
    return '';
  }
  const cellClass = (index: number) => (table.align[index] === 'right' ? ' class="num"' : '');
  const head = table.headers.map((header, index) => `<th${cellClass(index)}>${escapeXml(header)}</th>`).join('');
  const rows = table.rows.map(
    (row) => `<tr>${row.map((cell, index) => `<td${cellClass(index)}>${cellHtml(cell)}</td>`).join('')}</tr>`,
  );
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function cellHtml(cell: Cell): string {
  if (typeof cell === 'string') {
    if (cell === 'FAIL' || cell === 'not met') {
      return `<span class="failed">${cell}</span>`;
    }
    return escapeXml(cell);
  }
  return `<a href="${escapeXml(cell.href)}">${escapeXml(cell.text)}</a>`;
}
