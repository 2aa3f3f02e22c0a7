import { createServer, type Server } from 'node:net';
import { StackError } from './errors';
import { assertPortsDistinct, assertPortsFree, defaultPorts, isPortFree, portsFromEnv, portVariable } from './ports';
import { freePort } from './test-support/fake-stack';

async function listen(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('portVariable', () => {
  it('derives the variable from the key', () => {
    expect(portVariable('goApi')).toBe('TRIAD_GO_API_PORT');
    expect(portVariable('otelcolOtlpGrpc')).toBe('TRIAD_OTELCOL_OTLP_GRPC_PORT');
    expect(portVariable('jaegerQuery')).toBe('TRIAD_JAEGER_QUERY_PORT');
  });
});

describe('portsFromEnv', () => {
  it('keeps the defaults without variables', () => {
    expect(portsFromEnv({})).toEqual(defaultPorts);
  });

  it('applies an override', () => {
    const ports = portsFromEnv({ TRIAD_TS_API_PORT: '9083', TRIAD_JAEGER_QUERY_PORT: '' });

    expect(ports.tsApi).toBe(9083);
    expect(ports.jaegerQuery).toBe(16686);
  });

  it.each(['0', '65536', 'http', '80.5'])('rejects the value %s', (value) => {
    expect(() => portsFromEnv({ TRIAD_GO_API_PORT: value })).toThrow(
      `TRIAD_GO_API_PORT must be a TCP port from 1 to 65535, got "${value}"`,
    );
  });
});

describe('isPortFree', () => {
  it('reports a listening port as taken', async () => {
    const server = await listen(0);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    await expect(isPortFree(port)).resolves.toBe(false);
    server.close();
  });

  it('reports an unused port as free', async () => {
    await expect(isPortFree(await freePort())).resolves.toBe(true);
  });
});

describe('assertPortsFree', () => {
  it('names the part and port in use', async () => {
    const port = await freePort();
    const server = await listen(port);

    const checking = assertPortsFree([
      { part: 'jaeger', purpose: 'query API and UI', port: await freePort() },
      { part: 'go-api', purpose: 'HTTP', port },
    ]);

    await expect(checking).rejects.toThrow(StackError);
    await expect(checking).rejects.toThrow(`Port ${port} of go-api (HTTP) is already in use`);
    server.close();
  });

  it('lists every port in use', async () => {
    const ports = [await freePort(), await freePort()];
    const servers = await Promise.all(ports.map(listen));

    const error = await assertPortsFree(ports.map((port, i) => ({ part: `part${i}`, purpose: 'HTTP', port }))).catch(
      (caught: unknown) => caught as StackError,
    );

    expect(error.message).toBe('2 ports of the stack are already in use');
    expect((error as StackError).details[1]).toBe(`part1 needs 127.0.0.1:${ports[1]} (HTTP), which is in use`);
    for (const server of servers) server.close();
  });

  it('passes when every port is free', async () => {
    await expect(assertPortsFree([{ part: 'ts-api', purpose: 'HTTP', port: await freePort() }])).resolves.toBeUndefined();
  });
});

describe('assertPortsDistinct', () => {
  it('rejects one port for two parts, naming both', () => {
    const ports = [
      { part: 'go-api', purpose: 'HTTP', port: 8081 },
      { part: 'dotnet-api', purpose: 'HTTP', port: 8081 },
    ];

    expect(() => {
      assertPortsDistinct(ports);
    }).toThrow('Port 8081 is set for both go-api (HTTP) and dotnet-api (HTTP)');
  });

  it('accepts distinct ports', () => {
    const ports = [
      { part: 'go-api', purpose: 'HTTP', port: 8081 },
      { part: 'ts-api', purpose: 'HTTP', port: 8083 },
    ];

    expect(() => {
      assertPortsDistinct(ports);
    }).not.toThrow();
  });
});
