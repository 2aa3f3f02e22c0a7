import { registryHost } from './registry';

describe('registryHost', () => {
  it.each([
    ['node:24-bookworm-slim', 'registry-1.docker.io'],
    ['library/node:24', 'registry-1.docker.io'],
    ['gcr.io/distroless/static-debian12', 'gcr.io'],
    ['mcr.microsoft.com/dotnet/runtime-deps:8.0-bookworm-slim', 'mcr.microsoft.com'],
    ['localhost:5000/triad/go-api', 'localhost:5000'],
    ['localhost/triad/go-api', 'localhost'],
  ])('finds the registry of %s', (reference, host) => {
    expect(registryHost(reference)).toBe(host);
  });
});
