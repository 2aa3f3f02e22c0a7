import { parseRateLimitMemoryArgs, UsageError } from './options';

describe('parseRateLimitMemoryArgs', () => {
  it('defaults to 10000 clients on every service', () => {
    const options = parseRateLimitMemoryArgs([]);

    expect(options.clients).toBe(10_000);
    expect(options.concurrency).toBe(32);
    expect(options.services).toEqual(['go-api', 'dotnet-api', 'ts-api']);
    expect(options.outDir).toBe('reports');
    expect(options.checkEviction).toBe(false);
    expect(options.help).toBe(false);
  });

  it('accepts --clients=2000 as Nx forwards it', () => {
    expect(parseRateLimitMemoryArgs(['--clients=2000']).clients).toBe(2000);
  });

  it('rejects zero clients', () => {
    expect(() => parseRateLimitMemoryArgs(['--clients=0'])).toThrow(
      new UsageError('invalid --clients "0": use a whole number from 1 to 64770'),
    );
  });

  it('rejects more clients than addresses', () => {
    expect(() => parseRateLimitMemoryArgs(['--clients', '64771'])).toThrow('invalid --clients "64771"');
  });

  it('rejects a fractional concurrency', () => {
    expect(() => parseRateLimitMemoryArgs(['--concurrency=1.5'])).toThrow('invalid --concurrency "1.5"');
  });

  it('keeps the usual order of --services', () => {
    expect(parseRateLimitMemoryArgs(['--services=ts-api,go-api']).services).toEqual(['go-api', 'ts-api']);
  });

  it('rejects an unknown service', () => {
    expect(() => parseRateLimitMemoryArgs(['--services=rust-api'])).toThrow('invalid service "rust-api"');
  });

  it('reads --check-eviction and its Nx form', () => {
    expect(parseRateLimitMemoryArgs(['--check-eviction']).checkEviction).toBe(true);
    expect(parseRateLimitMemoryArgs(['--check-eviction=true']).checkEviction).toBe(true);
    expect(parseRateLimitMemoryArgs(['--check-eviction=false']).checkEviction).toBe(false);
  });

  it('rejects a positional argument', () => {
    expect(() => parseRateLimitMemoryArgs(['go-api'])).toThrow('unexpected argument "go-api"');
  });
});
