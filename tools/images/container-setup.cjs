// Jest global setup of the container tests: builds the five images through
// Nx when a container engine responds. Without an engine it builds nothing,
// and each test file skips itself with a message, so that `nx run-many -t
// integration` passes on machines that have no Docker or podman.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const workspaceRoot = path.resolve(__dirname, '..', '..');

function engineAnswers() {
  const probe = spawnSync(
    process.execPath,
    [path.join(__dirname, 'src', 'test-support', 'ping-engine.cjs')],
    { timeout: 5000, env: process.env },
  );
  return probe.status === 0;
}

module.exports = async function buildImages() {
  if (!engineAnswers()) {
    console.warn(`\nNo container engine responds on ${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'}: the images are not built and the container tests are skipped.`);
    return;
  }
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'image', 'image-otelcol', 'image-jaeger'], {
    cwd: workspaceRoot,
    stdio: 'inherit',
    env: process.env,
  });
  if (build.status !== 0) {
    throw new Error(`building the images failed (npx nx run-many -t image image-otelcol image-jaeger exited with ${build.status ?? build.signal})`);
  }
};
