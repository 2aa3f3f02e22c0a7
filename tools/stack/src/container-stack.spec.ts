import { containerStack, defaultServiceLimits, serviceLimitsFromEnv } from './container-stack';
import { StackError } from './errors';
import { defaultPorts } from './ports';
import { startLevels } from './stack-definition';

describe('containerStack', () => {
  const definition = containerStack({
    ports: { ...defaultPorts, tsApi: 9083, jaegerQuery: 26686 },
    tag: '1.2.3',
    serviceLimits: { cpus: 0.5, memoryMiB: 256 },
    serviceEnvironment: { SIMULATED_IO_MS: '7' },
  });
  const part = (name: string) => {
    const found = definition.parts.find((entry) => entry.name === name);
    if (!found) throw new Error(`no part ${name}`);
    return found;
  };

  it('maps host ports to image ports', () => {
    expect(part('ts-api').ports).toEqual([{ purpose: 'HTTP', container: 8083, host: 9083 }]);
    expect(part('ts-api').readinessUrl).toBe('http://127.0.0.1:9083/readyz');
    expect(part('jaeger').url).toBe('http://127.0.0.1:26686');
  });

  it('applies service limits and variables', () => {
    for (const name of ['go-api', 'dotnet-api', 'ts-api']) {
      expect(part(name).limits).toEqual({ cpus: 0.5, memoryMiB: 256 });
      expect(part(name).environment).toMatchObject({ OTEL_SERVICE_NAME: name, SIMULATED_IO_MS: '7' });
    }
    expect(part('otelcol').environment).not.toHaveProperty('SIMULATED_IO_MS');
    expect(part('jaeger').limits).not.toEqual({ cpus: 0.5, memoryMiB: 256 });
  });

  it('starts in the same order as the local stack', () => {
    const ordered = startLevels(definition);

    expect(ordered.map((level) => level.map((entry) => entry.name))).toEqual([['jaeger'], ['otelcol'], ['go-api', 'dotnet-api'], ['ts-api']]);
  });
});

describe('serviceLimitsFromEnv', () => {
  it('returns the defaults when nothing is set', () => {
    expect(serviceLimitsFromEnv({})).toEqual(defaultServiceLimits);
  });

  it('reads TRIAD_CONTAINER_CPUS and TRIAD_CONTAINER_MEMORY_MB', () => {
    expect(serviceLimitsFromEnv({ TRIAD_CONTAINER_CPUS: '1.5', TRIAD_CONTAINER_MEMORY_MB: '512' })).toEqual({ cpus: 1.5, memoryMiB: 512 });
  });

  it.each(['16', '1.5', '127'])('rejects memory %p below 128 MiB or fractional', (value) => {
    expect(() => serviceLimitsFromEnv({ TRIAD_CONTAINER_MEMORY_MB: value })).toThrow(/TRIAD_CONTAINER_MEMORY_MB must be a whole number of at least 128/);
  });

  it.each(['0', '-1', 'two', 'Infinity'])('rejects %p with the variable named', (value) => {
    expect(() => serviceLimitsFromEnv({ TRIAD_CONTAINER_CPUS: value })).toThrow(StackError);
    expect(() => serviceLimitsFromEnv({ TRIAD_CONTAINER_CPUS: value })).toThrow(/TRIAD_CONTAINER_CPUS must be a positive number/);
  });
});
