// Whether a container engine responds, decided synchronously, because Jest
// chooses between `describe` and `describe.skip` while it loads a test file.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Returns why container tests cannot run here, or undefined when an engine responds. */
export function containerEngineUnavailable(): string | undefined {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  // A child process, so that this module can wait for the response.
  const result = spawnSync(process.execPath, [join(__dirname, 'ping-engine.cjs')], { timeout: 5000, env: process.env });
  return result.status === 0 ? undefined : `no container engine responds on ${host}`;
}
