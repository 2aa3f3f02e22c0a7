// Whether a container engine responds, decided synchronously, because Jest
// chooses between `describe` and `describe.skip` while it loads a test file.
import { spawnSync } from 'node:child_process';

// Asks the engine's `/_ping` through the Docker socket or TCP address in
// DOCKER_HOST, in a child process so that this module can wait for it.
const pingScript = `
const http = require('node:http');
const host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
const target = host.startsWith('unix://')
  ? { socketPath: host.slice('unix://'.length) }
  : { host: new URL(host.replace(/^tcp:/, 'http:')).hostname, port: new URL(host.replace(/^tcp:/, 'http:')).port };
const request = http.get({ ...target, path: '/_ping', timeout: 3000 }, (response) => {
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy());
request.on('error', () => process.exit(1));
`;

/** Returns why container tests cannot run here, or undefined when an engine responds. */
export function containerEngineUnavailable(): string | undefined {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const result = spawnSync(process.execPath, ['-e', pingScript], { timeout: 5000, env: process.env });
  return result.status === 0 ? undefined : `no container engine responds on ${host}`;
}
