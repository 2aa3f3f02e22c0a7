import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { benchContainerStack, benchStackDefinition, collectorMetricsUrl, dotnetNet10Binary } from './stack';

describe('benchStackDefinition', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'triad-bench-stack-'));
    await mkdir(path.join(root, 'services', 'ts-api', 'dist'), { recursive: true });
    await writeFile(path.join(root, 'services', 'ts-api', 'dist', 'main.js'), '');
    await writeFile(path.join(root, 'package.json'), JSON.stringify({ version: '0.1.0' }));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('starts only the chosen services beside Jaeger and the Collector', () => {
    const definition = benchStackDefinition({ root, services: ['ts-api'], simulatedIoMs: 50, env: {} });

    expect(definition.parts.map((part) => part.name)).toEqual(['jaeger', 'otelcol', 'ts-api']);
    expect(definition.parts.find((part) => part.name === 'ts-api')?.dependsOn).toEqual([]);
  });

  it('sets the simulated wait and parent-based sampling of each service', () => {
    const definition = benchStackDefinition({ root, services: ['ts-api'], simulatedIoMs: 5000, env: {} });
    const tsApi = definition.parts.find((part) => part.name === 'ts-api');

    const launch = tsApi?.launch();

    expect(launch?.env.SIMULATED_IO_MS).toBe('5000');
    expect(launch?.env.OTEL_TRACES_SAMPLER).toBe('parentbased_always_on');
    expect(launch?.env.OTEL_SERVICE_NAME).toBe('ts-api');
  });

  it('disables the SDK of each service on request', () => {
    const traced = benchStackDefinition({ root, services: ['ts-api'], simulatedIoMs: 50, env: {} });
    const untraced = benchStackDefinition({ root, services: ['ts-api'], simulatedIoMs: 50, env: {}, tracingDisabled: true });

    expect(traced.parts.find((part) => part.name === 'ts-api')?.launch().env.OTEL_SDK_DISABLED).toBeUndefined();
    expect(untraced.parts.find((part) => part.name === 'ts-api')?.launch().env.OTEL_SDK_DISABLED).toBe('true');
  });

  it('uses the ports from TRIAD_*_PORT variables', () => {
    const definition = benchStackDefinition({
      root,
      services: ['ts-api'],
      simulatedIoMs: 50,
      env: { TRIAD_TS_API_PORT: '9083' },
    });

    expect(definition.parts.find((part) => part.name === 'ts-api')?.url).toBe('http://127.0.0.1:9083');
  });
});

describe('benchStackDefinition with the .NET 10 build', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'triad-bench-net10-'));
    for (const dist of ['dist', 'dist-net10']) {
      await mkdir(path.join(root, 'services', 'dotnet-api', dist), { recursive: true });
      await writeFile(path.join(root, 'services', 'dotnet-api', dist, 'Triad.DotnetApi'), '', { mode: 0o755 });
    }
    await writeFile(path.join(root, 'package.json'), JSON.stringify({ version: '0.1.0' }));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('runs the .NET 10 build as dotnet-api on its own port', () => {
    const definition = benchStackDefinition({ root, services: ['dotnet-api'], simulatedIoMs: 50, env: {}, dotnetNet10: true });
    const net10 = definition.parts.find((part) => part.name === 'dotnet-api-net10');

    const launch = net10?.launch();

    expect(definition.parts.map((part) => part.name)).toEqual(['jaeger', 'otelcol', 'dotnet-api', 'dotnet-api-net10']);
    expect(net10?.url).toBe('http://127.0.0.1:8084');
    expect(net10?.dependsOn).toEqual(['otelcol']);
    expect(launch?.command).toBe(dotnetNet10Binary(root));
    expect(launch?.env.PORT).toBe('8084');
    expect(launch?.env.OTEL_SERVICE_NAME).toBe('dotnet-api');
    expect(launch?.env.OTEL_RESOURCE_ATTRIBUTES).toBe('service.instance.id=dotnet-api-net10');
    expect(launch?.env.SIMULATED_IO_MS).toBe('50');
  });

  it('leaves the .NET 10 build out unless asked', () => {
    const definition = benchStackDefinition({ root, services: ['dotnet-api'], simulatedIoMs: 50, env: {} });

    expect(definition.parts.map((part) => part.name)).not.toContain('dotnet-api-net10');
  });

  it('rejects a port another part uses', () => {
    const env = { TRIAD_DOTNET_API_NET10_PORT: '8082' };

    expect(() => benchStackDefinition({ root, services: ['dotnet-api'], simulatedIoMs: 50, env, dotnetNet10: true })).toThrow(
      'Port 8082 is set for both dotnet-api and dotnet-api-net10',
    );
  });

  it('rejects a port that is not a number', () => {
    const env = { TRIAD_DOTNET_API_NET10_PORT: 'http' };

    expect(() => benchStackDefinition({ root, services: ['dotnet-api'], simulatedIoMs: 50, env, dotnetNet10: true })).toThrow(
      'TRIAD_DOTNET_API_NET10_PORT must be a TCP port from 1 to 65535, got "http"',
    );
  });
});

describe('benchContainerStack', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'triad-bench-containers-'));
    await writeFile(path.join(root, 'package.json'), JSON.stringify({ version: '0.1.0' }));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('disables the SDK in each service container on request', () => {
    const definition = benchContainerStack({ root, services: ['go-api'], simulatedIoMs: 50, env: {}, tracingDisabled: true });

    const goApi = definition.parts.find((part) => part.name === 'go-api');
    const collector = definition.parts.find((part) => part.name === 'otelcol');

    expect(goApi?.environment.OTEL_SDK_DISABLED).toBe('true');
    expect(goApi?.environment.OTEL_TRACES_SAMPLER).toBe('parentbased_always_on');
    expect(collector?.environment.OTEL_SDK_DISABLED).toBeUndefined();
  });

  it('publishes the Collector metrics port on the host', () => {
    const definition = benchContainerStack({ root, services: ['go-api'], simulatedIoMs: 50, env: { TRIAD_OTELCOL_METRICS_PORT: '9888' } });

    const collector = definition.parts.find((part) => part.name === 'otelcol');

    expect(collector?.ports).toContainEqual({ purpose: 'own metrics', container: 8888, host: 9888 });
  });
});

describe('collectorMetricsUrl', () => {
  it('uses the port from TRIAD_OTELCOL_METRICS_PORT', () => {
    expect(collectorMetricsUrl({ TRIAD_OTELCOL_METRICS_PORT: '9888' })).toBe('http://127.0.0.1:9888/metrics');
  });

  it('defaults to port 8888', () => {
    expect(collectorMetricsUrl({})).toBe('http://127.0.0.1:8888/metrics');
  });
});
