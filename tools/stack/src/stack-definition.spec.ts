import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StackError } from './errors';
import { defaultPorts } from './ports';
import { localStack, startLevels, type PartDefinition } from './stack-definition';
import { temporaryRoot } from './test-support/fake-stack';

function part(name: string, dependsOn: string[] = []): PartDefinition {
  return {
    name,
    dependsOn,
    ports: [],
    mainPort: 1,
    url: '',
    readinessUrl: '',
    launch: () => ({ command: 'true', args: [], env: {}, cwd: '/' }),
  };
}

describe('localStack', () => {
  it('orders jaeger, otelcol, the backends, then ts-api', () => {
    const definition = localStack({ root: '/repo', ports: defaultPorts, env: {} });

    const levels = startLevels(definition).map((level) => level.map((entry) => entry.name));

    expect(levels).toEqual([['jaeger'], ['otelcol'], ['go-api', 'dotnet-api'], ['ts-api']]);
  });

  it('uses the configured ports', () => {
    const ports = { ...defaultPorts, tsApi: 9083, goApi: 9081, jaegerQuery: 26686 };
    const parts = localStack({ root: '/repo', ports, env: {} }).parts;

    const byName = new Map(parts.map((entry) => [entry.name, entry]));
    expect(byName.get('ts-api')?.readinessUrl).toBe('http://127.0.0.1:9083/readyz');
    expect(byName.get('jaeger')?.readinessUrl).toBe('http://127.0.0.1:26686/api/services');
    expect(byName.get('otelcol')?.readinessUrl).toBe('http://127.0.0.1:13133/');
  });

  it('explains how to get a missing jaeger', () => {
    const jaeger = localStack({ root: '/repo', ports: defaultPorts, env: { PATH: '/nonexistent' } }).parts[0];

    const error = (() => {
      try {
        jaeger?.launch();
        return undefined;
      } catch (caught) {
        return caught as StackError;
      }
    })();

    expect(error).toBeInstanceOf(StackError);
    expect(error?.message).toBe('jaeger was not found on PATH and JAEGER_BIN is not set');
    expect(error?.details.join(' ')).toContain('jaeger-2.<version>-linux-amd64.tar.gz');
  });

  it('explains how to get a missing otelcol', () => {
    const otelcol = localStack({ root: '/repo', ports: defaultPorts, env: { OTELCOL_BIN: '/nonexistent/otelcol' } }).parts[1];

    expect(() => otelcol?.launch()).toThrow('OTELCOL_BIN is set to /nonexistent/otelcol, which is not an executable file');
  });

  it('starts the Collector with its addresses in the environment', async () => {
    const root = await temporaryRoot();
    const bin = join(root.root, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'otelcol'), '#!/bin/sh\n');
    await chmod(join(bin, 'otelcol'), 0o755);
    const otelcol = localStack({ root: root.root, ports: { ...defaultPorts, jaegerOtlpGrpc: 24317 }, env: { PATH: bin } })
      .parts[1];

    const launch = otelcol?.launch();

    expect(launch?.command).toBe(join(bin, 'otelcol'));
    expect(launch?.args).toEqual([`--config=${join(root.root, 'observability', 'otelcol.yaml')}`]);
    expect(launch?.env.OTELCOL_JAEGER_ENDPOINT).toBe('127.0.0.1:24317');
    expect(launch?.env.OTELCOL_METRICS_PORT).toBe('8888');
    await root.remove();
  });

  it('names a service that is not built', () => {
    const goApi = localStack({ root: '/repo', ports: defaultPorts, env: {} }).parts[2];

    expect(() => goApi?.launch()).toThrow('go-api is not built: /repo/services/go-api/dist/go-api is missing');
  });
});

describe('startLevels', () => {
  it('rejects an unknown dependency', () => {
    expect(() => startLevels({ parts: [part('web', ['db'])] })).toThrow('web depends on db, which is not a part of the stack');
  });

  it('rejects a cycle', () => {
    expect(() => startLevels({ parts: [part('a', ['b']), part('b', ['a']), part('c')] })).toThrow(
      'the parts a, b depend on each other in a cycle',
    );
  });
});
