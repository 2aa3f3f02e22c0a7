// Measures the measuring instrument: runs vegeta and triad load one after the
// other against the same endpoint at the same rate and prints both tools'
// p50 and p99 with their differences, then runs triad load at a high rate and
// prints the achieved rate and the share of late sends.
//
//   node tools/loadgen/scripts/instrument-check.mts [--url URL] [--rate 2000]
//     [--duration 15s] [--high-rate 10000] [--high-duration 10s]
//
// Without --url it starts a target on 127.0.0.1 in a child process that
// answers every request after a fixed 50 ms wait. It needs the built library
// (nx run loadgen:build), which the Nx target instrument-check builds first.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type * as Loadgen from '../src/index.ts';

const require = createRequire(import.meta.url);
const fixedDelayMs = 50;

interface Figures {
  p50: number;
  p99: number;
}

if (process.argv.includes('--serve')) {
  serveFixedDelay();
} else {
  await main();
}

/** Answers every request after a fixed wait and prints the port on stdout. */
function serveFixedDelay(): void {
  const server = createServer((_request, response) => {
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end('{"user_id":"u1","status":"active","service":"instrument-check"}');
    }, fixedDelayMs);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      rate: { type: 'string', default: '2000' },
      duration: { type: 'string', default: '15s' },
      'high-rate': { type: 'string', default: '10000' },
      'high-duration': { type: 'string', default: '10s' },
    },
  });
  const loadgen = require('../dist/index.js') as typeof Loadgen;
  const rate = Number(values.rate);
  const durationMs = parseSeconds(values.duration) * 1000;
  const highRate = Number(values['high-rate']);
  const highDurationMs = parseSeconds(values['high-duration']) * 1000;

  const target = values.url === undefined ? await startTarget() : { url: values.url, stop: () => undefined };
  try {
    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`);
    console.log(`target: ${target.url}${values.url === undefined ? ` (built-in, fixed ${fixedDelayMs} ms wait)` : ''}`);
    console.log(`load: ${rate}/s for ${durationMs / 1000} s per tool, one tool after the other\n`);

    const vegeta = await runVegeta(loadgen, target.url, rate, durationMs);
    const triad = await loadgen.runOpenLoad({ url: target.url, stages: loadgen.constantRate(rate, durationMs), sampleRatio: 0 });
    printComparison(vegeta, triad);

    console.log(`\ntriad load at ${highRate}/s for ${highDurationMs / 1000} s`);
    const high = await loadgen.runOpenLoad({ url: target.url, stages: loadgen.constantRate(highRate, highDurationMs), sampleRatio: 0 });
    printHighRate(high);
  } finally {
    target.stop();
  }
}

async function runVegeta(loadgen: typeof Loadgen, url: string, rate: number, durationMs: number): Promise<Figures | undefined> {
  try {
    const result = await loadgen.runVegeta({ url, rate, durationMs });
    console.log(`vegeta: rate ${result.rate.toFixed(1)}/s, success ${(result.success * 100).toFixed(2)}%`);
    return result;
  } catch (error) {
    if (error instanceof loadgen.VegetaMissingError) {
      console.log('vegeta: skipped, vegeta is not on PATH (https://github.com/tsenart/vegeta/releases)');
      return undefined;
    }
    throw error;
  }
}

function printComparison(vegeta: Figures | undefined, triad: Loadgen.LoadResult): void {
  console.log(`triad load: rate ${triad.achievedRate}/s, errors ${triad.errors.total}, late sends ${formatShare(triad.lateSends.share)}`);
  console.log('\n                          p50 ms     p99 ms');
  if (vegeta !== undefined) {
    console.log(`vegeta                 ${pad(vegeta.p50)} ${pad(vegeta.p99)}`);
  }
  console.log(`triad latency          ${pad(triad.latency.p50)} ${pad(triad.latency.p99)}   (from intended send)`);
  console.log(`triad service time     ${pad(triad.serviceTime.p50)} ${pad(triad.serviceTime.p99)}   (from actual send)`);
  if (vegeta === undefined) {
    return;
  }
  const difference = (ours: number, theirs: number): string => pad(Math.round((ours - theirs) * 1000) / 1000);
  console.log(`latency - vegeta       ${difference(triad.latency.p50, vegeta.p50)} ${difference(triad.latency.p99, vegeta.p99)}`);
  console.log(
    `service - vegeta       ${difference(triad.serviceTime.p50, vegeta.p50)} ${difference(triad.serviceTime.p99, vegeta.p99)}`,
  );
}

function printHighRate(result: Loadgen.LoadResult): void {
  console.log(`achieved ${result.achievedRate}/s of ${result.targetRate}/s (${formatShare(result.achievedRate / (result.targetRate ?? 1))})`);
  console.log(
    `late sends ${result.lateSends.count} of ${result.requests.sent} (${formatShare(result.lateSends.share)}) over ` +
      `${result.lateSends.thresholdMs} ms, max lateness ${result.lateSends.maxLatenessMs} ms, ` +
      `${result.connectionWaits} waited for a connection`,
  );
  console.log(`latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; service time p50 ${result.serviceTime.p50} ms, p99 ${result.serviceTime.p99} ms`);
  console.log(`errors ${result.errors.total} ${JSON.stringify(result.errors.byClass)}, peak connections ${result.peakConnections}`);
}

async function startTarget(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [import.meta.filename, '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => {
      resolve(chunk.toString().trim());
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`the built-in target exited with code ${code}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/api/user?user_id=u1`,
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

function parseSeconds(text: string): number {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(text);
  if (match?.[1] === undefined) {
    throw new Error(`durations must be given in seconds, such as 15s; got "${text}"`);
  }
  return Number(match[1]);
}

function pad(value: number): string {
  return value.toFixed(3).padStart(10);
}

function formatShare(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}
