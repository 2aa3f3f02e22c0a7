/**
 * SVG charts for report.html, drawn as strings so that the report stays one
 * file with no script and nothing fetched. Every drawn data element has the
 * class `mark`, which the browser check looks for.
 */

/** A line of points on a chart. */
export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
  /** Draws the line dashed, for fitted or reference lines. */
  dashed?: boolean;
  /** Draws a dot at each point; default true. */
  markers?: boolean;
}

/** A chart of lines over numeric axes. */
export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** A horizontal reference line, such as the simulated wait. */
  reference?: { y: number; label: string };
}

/** One bar of a waterfall: a span, placed by its start and duration in milliseconds. */
export interface WaterfallBar {
  label: string;
  start: number;
  duration: number;
  color: string;
  depth: number;
}

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { top: 40, right: 150, bottom: 48, left: 64 };

/** Colours of the services, kept the same in every chart. */
export const SERVICE_COLORS: Readonly<Record<string, string>> = {
  'go-api': '#0087a8',
  'dotnet-api': '#6b3fd4',
  'ts-api': '#c25e00',
};

/** Colour of simulated-io spans in waterfalls. */
export const SIMULATED_IO_COLOR = '#9aa5b1';

/** Returns the colour of a service, grey for an unknown one. */
export function serviceColor(service: string): string {
  return SERVICE_COLORS[service] ?? '#52606d';
}

/** Renders a line chart as an SVG element. */
export function renderLineChart(chart: LineChart): string {
  const points = chart.series.flatMap((series) => series.points);
  const ys = points.map((point) => point.y);
  if (chart.reference !== undefined) {
    ys.push(chart.reference.y);
  }
  const xAxis = niceAxis(Math.min(0, ...points.map((point) => point.x)), Math.max(...points.map((point) => point.x)));
  const yAxis = niceAxis(Math.min(0, ...ys), Math.max(...ys));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const scaleX = (x: number) => MARGIN.left + ((x - xAxis.min) / (xAxis.max - xAxis.min)) * plotWidth;
  const scaleY = (y: number) => MARGIN.top + plotHeight - ((y - yAxis.min) / (yAxis.max - yAxis.min)) * plotHeight;

  const parts = [
    svgOpen(WIDTH, HEIGHT, chart.title),
    text(MARGIN.left, 22, chart.title, 'chart-title'),
    ...yAxis.ticks.map((tick) => gridLineY(scaleY(tick), tick, plotWidth)),
    ...xAxis.ticks.map((tick) => tickX(scaleX(tick), tick, MARGIN.top + plotHeight)),
    axisLines(plotWidth, plotHeight),
    text(MARGIN.left + plotWidth / 2, HEIGHT - 8, chart.xLabel, 'axis-label', 'middle'),
    `<text class="axis-label" text-anchor="middle" transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)">${escapeXml(chart.yLabel)}</text>`,
  ];
  if (chart.reference !== undefined) {
    const y = scaleY(chart.reference.y);
    parts.push(
      `<line class="reference" x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${fixed(y)}" y2="${fixed(y)}" stroke="#7b8794" stroke-dasharray="2 3"/>`,
      // Below the line and at the left, where the data lines (above the wait) rarely are.
      text(MARGIN.left + 6, y + 14, chart.reference.label, 'reference-label'),
    );
  }
  chart.series.forEach((series, index) => {
    parts.push(renderSeries(series, scaleX, scaleY), legendEntry(series, index, MARGIN.left + plotWidth + 16));
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function renderSeries(series: Series, scaleX: (x: number) => number, scaleY: (y: number) => number): string {
  const sorted = [...series.points].sort((a, b) => a.x - b.x);
  const coordinates = sorted.map((point) => `${fixed(scaleX(point.x))},${fixed(scaleY(point.y))}`).join(' ');
  const dash = series.dashed === true ? ' stroke-dasharray="6 4"' : '';
  const parts = [`<g class="series" data-series="${escapeXml(series.name)}">`];
  if (sorted.length > 1) {
    parts.push(
      `<polyline class="mark" points="${coordinates}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>`,
    );
  }
  if (series.markers !== false || sorted.length === 1) {
    for (const point of sorted) {
      parts.push(
        `<circle class="mark" cx="${fixed(scaleX(point.x))}" cy="${fixed(scaleY(point.y))}" r="3.5" fill="${series.color}">` +
          `<title>${escapeXml(`${series.name}: ${formatTick(point.x)} → ${formatTick(point.y)}`)}</title></circle>`,
      );
    }
  }
  parts.push('</g>');
  return parts.join('');
}

function legendEntry(series: Series, index: number, x: number): string {
  const y = MARGIN.top + 8 + index * 20;
  const dash = series.dashed === true ? ' stroke-dasharray="6 4"' : '';
  return (
    `<g class="legend"><line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="${series.color}" stroke-width="2"${dash}/>` +
    `${text(x + 28, y + 4, series.name, 'legend-label')}</g>`
  );
}

/** Renders a waterfall of the spans of one trace as an SVG element. */
export function renderWaterfall(title: string, bars: readonly WaterfallBar[]): string {
  const rowHeight = 20;
  const labelWidth = 230;
  const top = 44;
  const width = WIDTH;
  const height = top + bars.length * rowHeight + 16;
  const end = Math.max(1e-3, ...bars.map((bar) => bar.start + bar.duration));
  const axis = niceAxis(0, end);
  const plotWidth = width - labelWidth - 24;
  const scaleX = (ms: number) => labelWidth + (ms / axis.max) * plotWidth;

  const parts = [
    svgOpen(width, height, title),
    text(8, 18, title, 'chart-title'),
    ...axis.ticks.map(
      (tick) =>
        `<line class="grid" x1="${fixed(scaleX(tick))}" x2="${fixed(scaleX(tick))}" y1="${top - 6}" y2="${height - 12}" stroke="#e4e7eb"/>` +
        text(scaleX(tick), top - 10, `${formatTick(tick)} ms`, 'tick-label', 'middle'),
    ),
  ];
  bars.forEach((bar, index) => {
    const y = top + index * rowHeight;
    const barWidth = Math.max(1, scaleX(bar.start + bar.duration) - scaleX(bar.start));
    parts.push(
      `<g class="span-row">${text(8 + bar.depth * 10, y + 13, truncate(bar.label, 34 - bar.depth), 'span-label')}` +
        `<rect class="mark" x="${fixed(scaleX(bar.start))}" y="${y + 3}" width="${fixed(barWidth)}" height="${rowHeight - 6}" rx="2" fill="${bar.color}">` +
        `<title>${escapeXml(`${bar.label}: starts at ${formatTick(bar.start)} ms, lasts ${formatTick(bar.duration)} ms`)}</title></rect></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

interface Axis {
  min: number;
  max: number;
  ticks: number[];
}

/** Chooses an axis range that starts at min, ends on a round number at or above max, with 1-2-5 steps. */
export function niceAxis(min: number, max: number, targetTicks = 5): Axis {
  const span = max > min ? max - min : Math.max(1, Math.abs(max));
  const rough = span / targetTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const start = Math.floor(min / step) * step;
  const stop = Math.max(start + step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let tick = start; tick <= stop + step / 2; tick += step) {
    ticks.push(Number(tick.toPrecision(12)));
  }
  return { min: start, max: stop, ticks };
}

function svgOpen(width: number, height: number, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" role="img"><title>${escapeXml(title)}</title>`
  );
}

function gridLineY(y: number, tick: number, plotWidth: number): string {
  return (
    `<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${fixed(y)}" y2="${fixed(y)}" stroke="#e4e7eb"/>` +
    text(MARGIN.left - 6, y + 4, formatTick(tick), 'tick-label', 'end')
  );
}

function tickX(x: number, tick: number, bottom: number): string {
  return (
    `<line class="tick" x1="${fixed(x)}" x2="${fixed(x)}" y1="${bottom}" y2="${bottom + 4}" stroke="#52606d"/>` +
    text(x, bottom + 18, formatTick(tick), 'tick-label', 'middle')
  );
}

function axisLines(plotWidth: number, plotHeight: number): string {
  const bottom = MARGIN.top + plotHeight;
  return (
    `<path class="axis" d="M${MARGIN.left} ${MARGIN.top}V${bottom}H${MARGIN.left + plotWidth}" ` +
    'fill="none" stroke="#52606d"/>'
  );
}

function text(x: number, y: number, content: string, className: string, anchor = 'start'): string {
  return `<text class="${className}" x="${fixed(x)}" y="${fixed(y)}" text-anchor="${anchor}">${escapeXml(content)}</text>`;
}

function formatTick(value: number): string {
  if (Math.abs(value) >= 1000) {
    return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  }
  return Number(value.toPrecision(3)).toString();
}

function truncate(label: string, length: number): string {
  return label.length > length ? `${label.slice(0, length - 1)}…` : label;
}

function fixed(value: number): string {
  return Number(value.toFixed(1)).toString();
}

/** Escapes text for SVG and HTML content and attribute values. */
export function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
