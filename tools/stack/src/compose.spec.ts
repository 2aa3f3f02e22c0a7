import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { composeFilePath, renderCompose } from './compose';
import { findRepoRoot } from './repo-root';
import { workspaceVersion } from './runtimes';

interface ComposeFile {
  name: string;
  services: Record<string, { image: string; depends_on?: string[]; environment?: Record<string, string>; ports: string[]; user: string; read_only: boolean; cpus: number; mem_limit: string }>;
  networks: { default: { name: string } };
}

describe('deploy/compose.yaml', () => {
  const root = findRepoRoot(__dirname);

  it('is what `triad stack compose` generates from the container stack', () => {
    const committed = readFileSync(join(root, composeFilePath), 'utf8');

    // On failure: run `npx triad stack compose` and commit the file.
    expect(committed).toBe(renderCompose(workspaceVersion(root)));
  });

  it('describes the five parts with equal limits for the three services', () => {
    const compose = parse(renderCompose('9.9.9')) as ComposeFile;
    const services = compose.services;

    expect(Object.keys(services)).toEqual(['jaeger', 'otelcol', 'go-api', 'dotnet-api', 'ts-api']);
    expect(services['go-api']?.image).toBe('triad/go-api:9.9.9');
    expect(services['ts-api']?.depends_on).toEqual(['go-api', 'dotnet-api']);
    expect(services['ts-api']?.environment).toMatchObject({ GO_API_URL: 'http://go-api:8081', DOTNET_API_URL: 'http://dotnet-api:8082' });
    expect(services['go-api']?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otelcol:4317');
    const limits = ['go-api', 'dotnet-api', 'ts-api'].map((name) => [services[name]?.cpus, services[name]?.mem_limit]);
    expect(new Set(limits.map((limit) => limit.join('/'))).size).toBe(1);
    for (const service of Object.values(services)) {
      expect(service.read_only).toBe(true);
      expect(service.user).toBe('10001:10001');
      for (const port of service.ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
    expect(compose.networks.default.name).toBe('triad');
  });
});
