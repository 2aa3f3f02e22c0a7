import { parseArgs } from 'node:util';
import { validateTracestate } from '../trace-context';

/** The target of `triad load` when `--url` is not given: go-api's user lookup on this machine. */
export const defaultUrl = 'http://127.0.0.1:8081/api/user?user_id=u1';

/** Usage text of `triad load`. */
export const loadUsage = `Usage: triad load [options]

Sends HTTP GET requests at a fixed arrival rate (open model) or over a fixed
number of connections (closed model), each with a fresh W3C traceparent, and
reports latency percentiles, achieved rate and errors.

Options:
  --url URL              target, http or https (default ${defaultUrl})
  --rate N               requests per second (default 100)
  --rates N,N,...        stepped rates, each held for --step-duration
  --step-duration D      length of each step of --rates (default: --duration)
  --duration D           length of the load, or of the plateau with --connections (default 10s)
  --connections C        closed model: C connections, each with one request in flight
  --sample-ratio R       share of requests with the sampled flag, 0 to 1 (default 0.01)
  --tracestate K=V,...   tracestate header sent with every request
  --timeout D            deadline of each request (default 5s)
  --workers N            worker threads (default: one per CPU, at most 4)
  --hgrm FILE            write the latency distribution as .hgrm (ms)
  --json FILE            write the result as JSON; "-" writes it to stdout
  --engine builtin|k6    load generator (default builtin); k6 runs k6/scenario.ts
  --verbose              print stack traces of errors
  -h, --help             print this help

Durations take a unit: 500ms, 10s, 2m.`;

/** Options of `triad load`, validated. */
export interface LoadCommandOptions {
  url: string;
  /** One rate per stage; a single entry for a constant rate. */
  rates: number[];
  durationMs: number;
  stepDurationMs: number;
  connections: number | undefined;
  sampleRatio: number;
  tracestate: string | undefined;
  timeoutMs: number;
  workers: number | undefined;
  hgrmFile: string | undefined;
  jsonFile: string | undefined;
  engine: 'builtin' | 'k6';
  verbose: boolean;
  help: boolean;
}

/** An invalid command line; the command prints its message and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const optionSpec = {
  url: { type: 'string' },
  rate: { type: 'string' },
  rates: { type: 'string' },
  'step-duration': { type: 'string' },
  duration: { type: 'string' },
  connections: { type: 'string' },
  'sample-ratio': { type: 'string' },
  tracestate: { type: 'string' },
  timeout: { type: 'string' },
  workers: { type: 'string' },
  hgrm: { type: 'string' },
  json: { type: 'string' },
  engine: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses and validates the arguments that follow `triad load`. */
export function parseLoadArgs(argv: readonly string[]): LoadCommandOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: optionSpec, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }

  if (values.rate !== undefined && values.rates !== undefined) {
    throw new UsageError('--rate and --rates cannot be used together; use --rates for stepped rates');
  }
  if (values.connections !== undefined && (values.rate !== undefined || values.rates !== undefined)) {
    throw new UsageError('--connections (closed model) cannot be combined with --rate or --rates (open model)');
  }

  const durationMs = parseDuration('--duration', values.duration ?? '10s');
  const rates =
    values.rates === undefined
      ? [parsePositive('--rate', values.rate ?? '100')]
      : values.rates.split(',').map((rate) => parsePositive('--rates', rate));
  const sampleRatio = Number(values['sample-ratio'] ?? '0.01');
  if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
    throw new UsageError(`--sample-ratio must be a number from 0 to 1, got "${values['sample-ratio'] ?? ''}"`);
  }
  const tracestateError = values.tracestate === undefined ? undefined : validateTracestate(values.tracestate);
  if (tracestateError !== undefined) {
    throw new UsageError(`--tracestate is invalid: ${tracestateError}`);
  }
  const engine = values.engine ?? 'builtin';
  if (engine !== 'builtin' && engine !== 'k6') {
    throw new UsageError(`--engine must be builtin or k6, got "${engine}"`);
  }

  return {
    url: parseUrl(values.url ?? defaultUrl),
    rates,
    durationMs,
    stepDurationMs: values['step-duration'] === undefined ? durationMs : parseDuration('--step-duration', values['step-duration']),
    connections: values.connections === undefined ? undefined : parseInteger('--connections', values.connections),
    sampleRatio,
    tracestate: values.tracestate,
    timeoutMs: parseDuration('--timeout', values.timeout ?? '5s'),
    workers: values.workers === undefined ? undefined : parseInteger('--workers', values.workers),
    hgrmFile: values.hgrm,
    jsonFile: values.json,
    engine,
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}

const durationPattern = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Parses a duration such as `500ms`, `10s` or `2m` into milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const match = durationPattern.exec(text.trim());
  const amount = Number(match?.[1]);
  const unit = unitMs[match?.[2] ?? ''];
  if (match === null || unit === undefined || !(amount > 0)) {
    throw new UsageError(`${flag} must be a positive duration with a unit (500ms, 10s, 2m), got "${text}"`);
  }
  return amount * unit;
}

function parsePositive(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag} must be a positive number of requests per second, got "${text}"`);
  }
  return value;
}

function parseInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${flag} must be a positive integer, got "${text}"`);
  }
  return value;
}

function parseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url must be an absolute http or https URL, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must use http or https, got "${url.protocol}" in "${text}"`);
  }
  return url.href;
}
