// A stand-in for a stack part in unit tests: listens on HOST:PORT and serves
// GET /readyz. FAKE_BEHAVIOUR picks how it misbehaves:
//   ready (default)  200 after FAKE_READY_DELAY_MS
//   never-ready      503 forever
//   crash            logs a line and exits with code 3 at once
//   ignore-sigterm   stays up on SIGTERM, so only SIGKILL ends it
const http = require('node:http');

const behaviour = process.env.FAKE_BEHAVIOUR ?? 'ready';
const readyAt = Date.now() + Number(process.env.FAKE_READY_DELAY_MS ?? 0);

console.log(JSON.stringify({ msg: 'fake starting', behaviour, pid: process.pid }));
if (behaviour === 'crash') {
  console.error('fatal: cannot start');
  process.exit(3);
}

const server = http.createServer((request, response) => {
  const ready = behaviour !== 'never-ready' && Date.now() >= readyAt;
  response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: ready ? 'ready' : 'starting' }));
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'server started', address: `${process.env.HOST}:${process.env.PORT}` }));
});

process.on('SIGTERM', () => {
  if (behaviour === 'ignore-sigterm') {
    console.log(JSON.stringify({ msg: 'ignoring SIGTERM' }));
    return;
  }
  console.log(JSON.stringify({ msg: 'shutdown complete' }));
  server.close(() => process.exit(0));
});
