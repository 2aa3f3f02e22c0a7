// The container runtime of `triad stack`: the five images on one network,
// through the same engine API as the tests beside this file. Needs the
// images (`nx run images:integration` builds them first) and the stack's
// default ports free.
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { ContainerRuntime, defaultContainerStack, findRepoRoot, isPortFree, portsFromEnv, readState, type StackState } from '@triad/stack';
import { checkTraceShape, fetchTrace } from '@triad/traces';

import { containerEngineUnavailable } from './test-support/container-engine';

const unavailable = containerEngineUnavailable();
if (unavailable !== undefined) {
  console.warn(`Skipping the container runtime tests of triad stack: ${unavailable}. Start Docker or podman's API service and set DOCKER_HOST.`);
}
const describeWithEngine = unavailable === undefined ? describe : describe.skip;

const root = findRepoRoot(__dirname);
const ports = portsFromEnv(process.env);
const services = ['ts-api', 'go-api', 'dotnet-api'];
const callerSpanId = '00f067aa0ba902b7';
const tracestate = 'triad=t61rcWkgMzE,congo=ucfJifl5GOE';
const jaegerUrl = `http://127.0.0.1:${ports.jaegerQuery}`;

async function getAggregate(traceId: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${ports.tsApi}/api/aggregate?user_id=u1`, {
    headers: { traceparent: `00-${traceId}-${callerSpanId}-01`, tracestate },
  });
  await response.text();
  return response.status;
}

describeWithEngine('container runtime of triad stack', () => {
  const runtime = new ContainerRuntime(root, defaultContainerStack(root, process.env));
  const docker = new Docker();
  let state: StackState | undefined;

  beforeAll(async () => {
    state = await runtime.up({ readinessTimeoutMs: 120_000 });
  }, 600_000);

  afterAll(async () => {
    await runtime.down({ graceMs: 5000 });
  }, 120_000);

  it('records an aggregate trace across the three service containers', async () => {
    const traceId = randomBytes(16).toString('hex');

    const status = await getAggregate(traceId);
    const trace = await fetchTrace(jaegerUrl, traceId, { timeoutMs: 15_000, expectServices: services });
    const result = checkTraceShape(trace, { traceId, services, callerSpanId, tracestate });

    expect(status).toBe(200);
    expect(result.problems).toEqual([]);
    expect(result.tracestateMatches).toBe(true);
  }, 30_000);

  it('gives the three services equal limits on a read-only root file system', async () => {
    const limits = await Promise.all(
      services.map(async (name) => {
        const inspected = await docker.getContainer(`triad-${name}`).inspect();
        return {
          cpus: inspected.HostConfig.NanoCpus,
          memory: inspected.HostConfig.Memory,
          readOnly: inspected.HostConfig.ReadonlyRootfs,
          user: inspected.Config.User,
        };
      }),
    );

    expect(limits[0]?.cpus).toBeGreaterThan(0);
    expect(limits[0]?.memory).toBeGreaterThan(0);
    for (const limit of limits) expect(limit).toEqual({ ...limits[0], readOnly: true, user: '10001:10001' });
  });

  it('reports every part ready, with its memory from the container cgroup', async () => {
    const status = (await runtime.status()) ?? [];

    expect(status.map((part) => part.name)).toEqual(['jaeger', 'otelcol', 'go-api', 'dotnet-api', 'ts-api']);
    for (const part of status) {
      expect([part.name, part.ready, part.memorySource]).toEqual([part.name, true, 'cgroup']);
      expect([part.name, (part.rssBytes ?? 0) > 1024 * 1024]).toEqual([part.name, true]);
    }
  });

  it('keeps answering while the Collector is stopped, and traces flow after it restarts', async () => {
    await runtime.stopPart('otelcol', { graceMs: 5000 });
    // 200 requests, 10 at a time: bounded in count and time.
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const mine: number[] = [];
        for (let i = 0; i < 20; i++) mine.push(await getAggregate(randomBytes(16).toString('hex')));
        return mine;
      }),
    );
    await runtime.startPart('otelcol', { readinessTimeoutMs: 60_000 });

    const deadline = Date.now() + 40_000;
    let problems: string[] = ['no trace sent yet'];
    while (problems.length > 0 && Date.now() < deadline) {
      const traceId = randomBytes(16).toString('hex');
      await getAggregate(traceId);
      const trace = await fetchTrace(jaegerUrl, traceId, { timeoutMs: 7_000, expectServices: services });
      problems = checkTraceShape(trace, { traceId, services, callerSpanId, tracestate }).problems;
    }

    expect(statuses.flat().filter((status) => status !== 200)).toEqual([]);
    expect(statuses.flat()).toHaveLength(200);
    expect(problems).toEqual([]);
  }, 120_000);

  it('removes its containers and network on down, and keeps their logs', async () => {
    const stopped = await runtime.down({ graceMs: 10_000 });

    expect(stopped.map((part) => part.name)).toEqual(['jaeger', 'otelcol', 'go-api', 'dotnet-api', 'ts-api']);
    const left = await docker.listContainers({ all: true, filters: { label: [`dev.triad.stack=${root}`] } });
    expect(left).toEqual([]);
    const networks = await docker.listNetworks({ filters: { label: [`dev.triad.stack=${root}`] } });
    expect(networks).toEqual([]);
    for (const key of ['goApi', 'dotnetApi', 'tsApi', 'otelcolOtlpGrpc', 'jaegerQuery'] as const) {
      expect([key, await isPortFree(ports[key])]).toEqual([key, true]);
    }
    await expect(readState(root)).resolves.toBeUndefined();
    const goLog = await readFile(state?.parts.find((part) => part.name === 'go-api')?.logFile ?? '', 'utf8');
    expect(goLog).toContain('"msg":"server started"');
  }, 120_000);
});
