// Runs vegeta (https://github.com/tsenart/vegeta) against one URL, so that
// triad's generator can be compared with an independent one on the same
// endpoint at the same rate.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options of {@link runVegeta}. */
export interface VegetaOptions {
  url: string;
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** Headers sent with every request, such as an unsampled `traceparent`. */
  headers?: Readonly<Record<string, string>>;
  /** Executable to run; `vegeta` on PATH by default. */
  command?: string;
  /** Stops vegeta when aborted. */
  signal?: AbortSignal;
}

/** Figures of one vegeta run, latencies in milliseconds. */
export interface VegetaResult {
  p50: number;
  p99: number;
  /** Requests sent per second. */
  rate: number;
  /** Share of responses with a status from 200 to 399. */
  success: number;
  requests: number;
}

/** Raised when vegeta is not installed. */
export class VegetaMissingError extends Error {
  constructor(command: string) {
    super(`${command} is not on PATH; install it from https://github.com/tsenart/vegeta/releases`);
    this.name = 'VegetaMissingError';
  }
}

/**
 * Runs `vegeta attack` at a constant rate, then `vegeta report -type=json`
 * on its results. Throws a {@link VegetaMissingError} when the executable
 * is missing, and an Error with vegeta's message when it fails.
 */
export async function runVegeta(options: VegetaOptions): Promise<VegetaResult> {
  const command = options.command ?? 'vegeta';
  const directory = await mkdtemp(join(tmpdir(), 'triad-vegeta-'));
  const results = join(directory, 'results.bin');
  try {
    const headerArgs = Object.entries(options.headers ?? {}).map(([name, value]) => `-header=${name}: ${value}`);
    await run(command, [
      'attack',
      `-rate=${options.rate}/s`,
      `-duration=${Math.round(options.durationMs)}ms`,
      '-timeout=5s',
      '-keepalive=true',
      ...headerArgs,
      `-output=${results}`,
    ], `GET ${options.url}\n`, options.signal);
    const report = JSON.parse(await run(command, ['report', '-type=json', results], '', options.signal)) as {
      latencies: Record<string, number>;
      rate: number;
      success: number;
      requests: number;
    };
    return {
      p50: nanosToMs(report.latencies['50th']),
      p99: nanosToMs(report.latencies['99th']),
      rate: report.rate,
      success: report.success,
      requests: report.requests,
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function nanosToMs(nanos: number | undefined): number {
  return Math.round((nanos ?? 0) / 1000) / 1000;
}

// Runs the command with `input` on stdin and resolves with its stdout.
function run(command: string, args: readonly string[], input: string, signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(signal === undefined ? {} : { signal }) });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new VegetaMissingError(command) : error);
    });
    child.once('close', (code) => {
      if (code === 0) {
        resolve(Buffer.concat(stdout).toString('utf8'));
        return;
      }
      const message = Buffer.concat(stderr).toString('utf8').trim().split('\n').pop() ?? '';
      reject(new Error(`vegeta ${args[0] ?? ''} failed with exit code ${String(code)}: ${message}`));
    });
    // A command that exits before reading its input closes the pipe; its exit code is reported instead.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
