import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the contract defaults to an empty environment', () => {
    const config = loadConfig({});

    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8083);
    expect(config.simulatedIoMs).toBe(50);
    expect(config.fanoutLimit).toBe(100);
    expect(config.webhookWorkers).toBe(4);
    expect(config.webhookQueue).toBe(1000);
    expect(config.rateLimit).toBeUndefined();
    expect(config.traceContextTestEndpoint).toBe(false);
    expect(config.shutdownDelayMs).toBe(0);
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.logLevel).toBe('info');
    expect(config.goApiUrl).toBe('http://127.0.0.1:8081');
    expect(config.dotnetApiUrl).toBe('http://127.0.0.1:8082');
    expect(config.aggregateTimeoutMs).toBe(1000);
  });

  it('accepts port 0', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it('rounds the default burst up from a fractional rate', () => {
    expect(loadConfig({ RATE_LIMIT_RPS: '2.5' }).rateLimit).toEqual({ rps: 2.5, burst: 3 });
  });

  it('takes an explicit burst', () => {
    expect(loadConfig({ RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: '2' }).rateLimit).toEqual({ rps: 1, burst: 2 });
  });

  it('enables the trace context test endpoint with 1', () => {
    expect(loadConfig({ TRACE_CONTEXT_TEST_ENDPOINT: '1' }).traceContextTestEndpoint).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['SIMULATED_IO_MS', '60001'],
    ['FANOUT_LIMIT', '0'],
    ['WEBHOOK_WORKERS', ''],
    ['WEBHOOK_QUEUE', '1e3'],
    ['RATE_LIMIT_RPS', '0'],
    ['RATE_LIMIT_RPS', 'fast'],
    ['TRACE_CONTEXT_TEST_ENDPOINT', 'yes'],
    ['LOG_LEVEL', 'trace'],
    ['GO_API_URL', 'ftp://127.0.0.1'],
    ['DOTNET_API_URL', 'not a url'],
    ['AGGREGATE_TIMEOUT_MS', '0'],
  ])('rejects %s=%j naming the variable and value', (name, value) => {
    const load = () => loadConfig({ [name]: value });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`invalid ${name} ${JSON.stringify(value)}`);
  });

  it('reads RATE_LIMIT_BURST only when RATE_LIMIT_RPS is set', () => {
    expect(loadConfig({ RATE_LIMIT_BURST: 'x' }).rateLimit).toBeUndefined();
    expect(() => loadConfig({ RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: 'x' })).toThrow('RATE_LIMIT_BURST');
  });
});
