// Starts the built images as containers, with a read-only root file system,
// and checks a smoke subset of the contract. Then it runs the Collector,
// Jaeger and go-api on one network and follows a request's trace into Jaeger.
// Needs the images (`nx run images:integration` builds them first).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';

import { buildImages, type ImageReport } from './build';
import { imageDefinitions, serviceImageNames, type ImageName } from './definitions';
import { containerEngineUnavailable } from './test-support/container-engine';

/** Label on every container and network these tests create, for finding strays. */
const testLabel = { 'dev.triad.test': 'images' };

// Docker's defaults through the API exceed what rootful podman may set here,
// and a smaller nofile is also what many hosts allow.
const ulimits = { nofile: { soft: 1024, hard: 20000 }, nproc: { soft: 4096, hard: 4096 } };

const unavailable = containerEngineUnavailable();
if (unavailable !== undefined) {
  console.warn(`Skipping the container tests of triad's images: ${unavailable}. Start Docker or podman's API service and set DOCKER_HOST.`);
}
const describeWithEngine = unavailable === undefined ? describe : describe.skip;

/** A GenericContainer whose root file system is mounted read-only. */
class ReadOnlyContainer extends GenericContainer {
  constructor(image: string) {
    super(image);
    this.hostConfig.ReadonlyRootfs = true;
  }
}

function serviceContainer(name: ImageName): GenericContainer {
  const port = imageDefinitions[name].port;
  return new ReadOnlyContainer(`${imageDefinitions[name].repository}:latest`)
    .withLabels(testLabel)
    .withUlimits(ulimits)
    .withExposedPorts(port)
    .withEnvironment({ SIMULATED_IO_MS: '5' })
    .withWaitStrategy(Wait.forHttp('/readyz', port).forStatusCode(200))
    .withStartupTimeout(60_000);
}

function baseUrl(container: StartedTestContainer, port: number): string {
  return `http://127.0.0.1:${container.getMappedPort(port)}`;
}

describeWithEngine.each(serviceImageNames)('%s image', (name) => {
  const port = imageDefinitions[name].port;
  let container: StartedTestContainer | undefined;
  let url = '';

  beforeAll(async () => {
    container = await serviceContainer(name).withEnvironment({ OTEL_SDK_DISABLED: 'true' }).start();
    url = baseUrl(container, port);
  });

  afterAll(async () => {
    await container?.stop({ timeout: 5_000 });
    await removeLabelledContainers();
  });

  it('runs as uid 10001 on a read-only root file system', async () => {
    const inspected = await new Docker().getContainer(container?.getId() ?? '').inspect();

    expect(inspected.HostConfig.ReadonlyRootfs).toBe(true);
    expect(inspected.Config.User).toBe('10001:10001');
    expect(inspected.Config.Env).toContain('HOST=0.0.0.0');
  });

  it('carries the OCI labels', async () => {
    const labels = (await new Docker().getImage(`${imageDefinitions[name].repository}:latest`).inspect()).Config.Labels;

    expect(labels['org.opencontainers.image.title']).toBe(imageDefinitions[name].title);
    expect(labels['org.opencontainers.image.version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(labels['org.opencontainers.image.revision']).toMatch(/^([0-9a-f]{40}|unknown)$/);
  });

  it('serves GET /api/user', async () => {
    const response = await fetch(`${url}/api/user?user_id=u1`);
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Object.keys(body)).toEqual(['user_id', 'status', 'timestamp', 'service']);
    expect(body).toMatchObject({ user_id: 'u1', status: 'active', service: name });
    expect(Number.isInteger(body.timestamp)).toBe(true);
  });

  it('rejects a missing user_id with a problem document', async () => {
    const response = await fetch(`${url}/api/user`);
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({
      type: 'urn:triad:problem:invalid-parameter',
      title: 'Invalid parameter',
      status: 400,
      detail: 'user_id is required',
      instance: '/api/user',
      trace_id: '0'.repeat(32),
    });
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${url}/healthz`);
    const ready = await fetch(`${url}/readyz`);

    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('serves Prometheus metrics', async () => {
    const response = await fetch(`${url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toContain('http_server_request_duration_seconds');
    expect(text).toContain('process_resident_memory_bytes');
  });
});

describeWithEngine('image reuse', () => {
  it('tags the image the last build made when the inputs are unchanged', async () => {
    const repoRoot = join(__dirname, '..', '..', '..');
    const before = JSON.parse(readFileSync(join(repoRoot, 'dist', 'images', 'go-api.json'), 'utf8')) as ImageReport;

    // The same base choice as the global setup's build, so that no registry is asked.
    const [report] = await buildImages({ repoRoot, images: ['go-api'], offline: before.offline, log: () => undefined });
    const inspected = await new Docker().getImage('triad/go-api:latest').inspect();

    expect(report).toMatchObject({ reused: true, id: before.id });
    expect(inspected.Id).toBe(before.id);
    expect(inspected.Config.Entrypoint).toEqual(['/go-api']);
    // The staged Containerfile is a hard link; labelling it must leave the repository's alone.
    expect(readFileSync(join(repoRoot, imageDefinitions['go-api'].containerfile), 'utf8')).not.toContain('dev.triad.inputs');
  });
});

describeWithEngine('container stack', () => {
  let network: StartedNetwork | undefined;
  const started: StartedTestContainer[] = [];

  async function start(container: GenericContainer): Promise<StartedTestContainer> {
    const running = await container.start();
    started.push(running);
    return running;
  }

  afterAll(async () => {
    for (const container of started.reverse()) await container.stop({ timeout: 5_000 });
    // A container whose start failed was never returned to the test.
    await removeLabelledContainers();
    await network?.stop();
  });

  it('delivers a request trace from go-api through the Collector to Jaeger', async () => {
    network = await new Network().start();
    const jaeger = await start(
      new ReadOnlyContainer('triad/jaeger:latest')
        .withLabels(testLabel)
        .withUlimits(ulimits)
        .withNetwork(network)
        .withNetworkAliases('jaeger')
        // Every port the image exposes: podman 4.3 lists the unpublished ones
        // as bindings without a host port, and testcontainers then waits for
        // them until it times out.
        .withExposedPorts(16686, 16685, 14317, 14318, 13134)
        .withWaitStrategy(Wait.forHttp('/status', 13134).forStatusCode(200))
        .withStartupTimeout(60_000),
    );
    await start(
      new ReadOnlyContainer('triad/otelcol:latest')
        .withLabels(testLabel)
        .withUlimits(ulimits)
        .withNetwork(network)
        .withNetworkAliases('otelcol')
        .withExposedPorts(4317, 4318, 13133, 8888)
        .withWaitStrategy(Wait.forHttp('/', 13133).forStatusCode(200))
        .withStartupTimeout(60_000),
    );
    const goApi = await start(
      serviceContainer('go-api')
        .withNetwork(network)
        .withEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otelcol:4317', OTEL_BSP_SCHEDULE_DELAY: '200' }),
    );
    const traceId = randomBytes(16).toString('hex');
    const parentSpanId = randomBytes(8).toString('hex');

    const response = await fetch(`${baseUrl(goApi, 8081)}/api/user?user_id=traced`, {
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
    });
    const spans = await waitForSpans(`${baseUrl(jaeger, 16686)}/api/traces/${traceId}`, 30_000);
    const server = spans.find((span) => span.operationName === 'GET /api/user');

    expect(response.status).toBe(200);
    expect(server).toBeDefined();
    expect(server?.references).toContainEqual(expect.objectContaining({ refType: 'CHILD_OF', spanID: parentSpanId }));
    expect(spans.map((span) => span.operationName)).toContain('simulated-io');
  });
});

async function removeLabelledContainers(): Promise<void> {
  const docker = new Docker();
  const containers = await docker.listContainers({ all: true, filters: { label: ['dev.triad.test=images'] } });
  for (const { Id } of containers) await docker.getContainer(Id).remove({ force: true });
}

interface JaegerSpan {
  operationName: string;
  references: { refType: string; spanID: string }[];
}

// Polls Jaeger's query API until the trace has a server span, because the
// service and the Collector both export in batches.
async function waitForSpans(traceUrl: string, timeoutMs: number): Promise<JaegerSpan[]> {
  const deadline = Date.now() + timeoutMs;
  let spans: JaegerSpan[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(traceUrl);
    if (response.ok) {
      const body = (await response.json()) as { data?: { spans: JaegerSpan[] }[] };
      spans = body.data?.[0]?.spans ?? [];
      if (spans.some((span) => span.operationName === 'GET /api/user')) return spans;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return spans;
}
