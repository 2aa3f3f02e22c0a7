import { parseBenchArgs, UsageError } from './options';
import { PROFILES } from './profiles';

describe('parseBenchArgs', () => {
  it('defaults to the standard profile on the local runtime', () => {
    const options = parseBenchArgs([]);

    expect(options.command).toBe('run');
    expect(options.profile).toBe('standard');
    expect(options.runtime).toBe('local');
    expect(options.outDir).toBe('reports');
    expect(options.build).toBe(true);
    expect(options.teardown).toBe(true);
    expect(options.services).toEqual(['go-api', 'dotnet-api', 'ts-api']);
  });

  it('accepts --profile=smoke as Nx forwards it', () => {
    expect(parseBenchArgs(['--profile=smoke']).profile).toBe('smoke');
  });

  it('accepts --profile full as a separate value', () => {
    expect(parseBenchArgs(['--profile', 'full']).profile).toBe('full');
  });

  it('rejects an unknown profile', () => {
    expect(() => parseBenchArgs(['--profile=huge'])).toThrow(
      new UsageError('invalid profile "huge": use smoke, standard or full'),
    );
  });

  it('takes the container runtime', () => {
    expect(parseBenchArgs(['--runtime', 'container']).runtime).toBe('container');
    expect(parseBenchArgs(['--runtime=container']).runtime).toBe('container');
  });

  it('rejects an unknown runtime', () => {
    expect(() => parseBenchArgs(['--runtime=k8s'])).toThrow('invalid runtime "k8s"');
  });

  it('reads --no-teardown and its Nx form --teardown=false', () => {
    expect(parseBenchArgs(['--no-teardown']).teardown).toBe(false);
    expect(parseBenchArgs(['--teardown=false']).teardown).toBe(false);
    expect(parseBenchArgs(['--no-build']).build).toBe(false);
  });

  it('keeps the usual service order in --services', () => {
    expect(parseBenchArgs(['--services', 'ts-api, go-api,go-api']).services).toEqual(['go-api', 'ts-api']);
  });

  it('rejects an unknown service', () => {
    expect(() => parseBenchArgs(['--services=go-api,rust-api'])).toThrow('invalid service "rust-api"');
  });

  it('rejects an unknown option', () => {
    expect(() => parseBenchArgs(['--rate=5'])).toThrow(UsageError);
  });

  it('parses check-report with a folder', () => {
    const options = parseBenchArgs(['check-report', 'reports/20261204-100231']);

    expect(options.command).toBe('check-report');
    expect(options.reportDir).toBe('reports/20261204-100231');
  });

  it('checks the latest report by default', () => {
    expect(parseBenchArgs(['check-report', '--out', 'out']).reportDir).toBe('out/latest');
  });

  it('rejects an unknown subcommand', () => {
    expect(() => parseBenchArgs(['publish'])).toThrow('unknown argument "publish"');
  });
});

describe('profiles', () => {
  it.each(Object.values(PROFILES))('$name lists connection counts in increasing order', (profile) => {
    const sorted = [...profile.connectionCounts].sort((a, b) => a - b);

    expect(profile.connectionCounts).toEqual(sorted);
  });

  it('keeps the smoke profile small', () => {
    const smoke = PROFILES.smoke;

    expect(Math.max(...smoke.latencyRates)).toBeLessThanOrEqual(500);
    expect(Math.max(...smoke.connectionCounts)).toBeLessThanOrEqual(500);
    expect(smoke.maxErrorShare).toBe(0);
  });

  it('keeps standard within 5000/s and 5000 connections, full up to 10000', () => {
    expect(Math.max(...PROFILES.standard.latencyRates)).toBe(5000);
    expect(Math.max(...PROFILES.standard.connectionCounts)).toBe(5000);
    expect(Math.max(...PROFILES.full.connectionCounts)).toBe(10_000);
  });
});
