// Integration tests of the whole local stack: the real jaeger and otelcol
// binaries, the services' build output, and the `triad` command. Run them
// with `npx nx run stack:integration`; they need the default ports free.
import { checkTraceShape, fetchTrace } from '@triad/traces';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isPortFree, portsFromEnv, type StackPorts } from './ports';
import { isRunning } from './processes';
import { LocalRuntime } from './local-runtime';
import { findRepoRoot } from './repo-root';
import { localStack } from './stack-definition';
import { readState, type PartState } from './state';

const root = findRepoRoot(__dirname);
const ports = portsFromEnv(process.env);
const runtime = new LocalRuntime(root, localStack({ root, ports, env: process.env }));
const jaegerUrl = `http://127.0.0.1:${ports.jaegerQuery}`;
const aggregateUrl = `http://127.0.0.1:${ports.tsApi}/api/aggregate?user_id=u1`;
const services = ['ts-api', 'go-api', 'dotnet-api'];
const callerSpanId = '00f067aa0ba902b7';
const tracestate = 'triad=t61rcWkgMzE,congo=ucfJifl5GOE';
// The services' default SIMULATED_IO_MS.
const simulatedIoMs = 50;

async function triad(...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(root, 'tools', 'cli', 'bin', 'triad.js'), ...args], {
    cwd: root,
    env: { ...process.env, CI: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

async function getAggregate(traceId: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(aggregateUrl, {
    headers: { traceparent: `00-${traceId}-${callerSpanId}-01`, tracestate },
  });
  await response.text();
  return { status: response.status, ms: performance.now() - started };
}

function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

async function otelcolPart(): Promise<PartState> {
  const part = (await readState(root))?.parts.find((entry) => entry.name === 'otelcol');
  if (!part) throw new Error('otelcol is missing from the state file');
  return part;
}

describe('local stack', () => {
  let partsStarted: PartState[] = [];

  beforeAll(async () => {
    const up = await triad('stack', 'up', '--detach');
    if (up.code !== 0) throw new Error(`triad stack up failed:\n${up.output}`);
    partsStarted = (await readState(root))?.parts ?? [];
  }, 600_000);

  afterAll(async () => {
    await runtime.down({ graceMs: 5000 });
  }, 60_000);

  it('records an aggregate trace across the three services', async () => {
    const traceId = newTraceId();

    const answer = await getAggregate(traceId);
    const trace = await fetchTrace(jaegerUrl, traceId, { timeoutMs: 10_000, expectServices: services });
    const result = checkTraceShape(trace, { traceId, services, callerSpanId, tracestate });

    expect(answer.status).toBe(200);
    expect(result.problems).toEqual([]);
    expect(result.servicesPresent).toEqual(['dotnet-api', 'go-api', 'ts-api']);
    expect(result.tracestateMatches).toBe(true);
  }, 20_000);

  it('serves at full speed while the Collector is down', async () => {
    await runtime.stopPart('otelcol', { graceMs: 5000 });
    expect(isRunning(await otelcolPart())).toBe(false);

    // 300 requests, 10 at a time: bounded in count, about 2 s at 50 ms each.
    const latencies: number[] = [];
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 30; i++) {
          const answer = await getAggregate(newTraceId());
          statuses.push(answer.status);
          latencies.push(answer.ms);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)] ?? Number.NaN;

    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(statuses).toHaveLength(300);
    expect(median).toBeGreaterThanOrEqual(simulatedIoMs);
    // Generous for a 2-core machine shared with the test itself; a blocked
    // exporter would add its timeout (seconds) to every request instead.
    expect(median).toBeLessThan(simulatedIoMs * 4);
  }, 60_000);

  it('delivers traces again once the Collector is back', async () => {
    await runtime.startPart('otelcol', { readinessTimeoutMs: 30_000 });

    // The services' exporters reconnect with backoff, so a trace sent right
    // after the restart may be lost. Fresh traces are tried for up to 30 s.
    const deadline = Date.now() + 30_000;
    let problems: string[] = ['no trace sent yet'];
    while (problems.length > 0 && Date.now() < deadline) {
      const traceId = newTraceId();
      await getAggregate(traceId);
      const trace = await fetchTrace(jaegerUrl, traceId, { timeoutMs: 7_000, expectServices: services });
      problems = checkTraceShape(trace, { traceId, services, callerSpanId, tracestate }).problems;
    }

    expect(problems).toEqual([]);
  }, 60_000);

  it('leaves no process and no listening port after stack down', async () => {
    const restartedOtelcol = await otelcolPart();

    const down = await triad('stack', 'down');

    expect(down.code).toBe(0);
    expect(down.output).toContain('Stopped the stack');
    for (const part of [...partsStarted, restartedOtelcol]) expect([part.name, isRunning(part)]).toEqual([part.name, false]);
    for (const key of Object.keys(ports) as (keyof StackPorts)[]) {
      expect([key, await isPortFree(ports[key])]).toEqual([key, true]);
    }
    await expect(readState(root)).resolves.toBeUndefined();
  }, 60_000);
});
