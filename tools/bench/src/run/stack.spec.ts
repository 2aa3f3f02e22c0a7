import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { benchStackDefinition } from './stack';

describe('benchStackDefinition', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'triad-bench-stack-'));
    await mkdir(path.join(root, 'services', 'ts-api', 'dist'), { recursive: true });
    await writeFile(path.join(root, 'services', 'ts-api', 'dist', 'main.js'), '');
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
