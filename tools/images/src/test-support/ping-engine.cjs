// Exits with 0 when the container engine at DOCKER_HOST (or the default
// Docker socket) responds 200 to GET /_ping, and with 1 otherwise.
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
