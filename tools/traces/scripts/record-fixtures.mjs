// Records Jaeger query API responses for the unit tests of @triad/traces.
//
// Sends OTLP/JSON spans shaped like the three services' spans to a running
// Collector, waits until Jaeger stores them, and writes what
// GET /api/traces/<id> returns to src/fixtures/. Start the Collector and
// Jaeger from observability/ first (or `triad stack up --detach`).
//
//   node tools/traces/scripts/record-fixtures.mjs [collector-otlp-http-url] [jaeger-url]
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const collectorUrl = process.argv[2] ?? 'http://127.0.0.1:4318';
const jaegerUrl = process.argv[3] ?? 'http://127.0.0.1:16686';
const fixturesDir = join(import.meta.dirname, '..', 'src', 'fixtures');

// The caller's span id in the traceparent that the tests send. It is not part
// of the trace, so Jaeger reports the root span's parent as missing.
const callerSpanId = '00f067aa0ba902b7';
const tracestate = 'triad=t61rcWkgMzE,congo=ucfJifl5GOE';

const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

function hex(bytes) {
  return randomBytes(bytes).toString('hex');
}

function attribute(key, value) {
  const typed = typeof value === 'number' ? { intValue: String(value) } : { stringValue: value };
  return { key, value: typed };
}

function span({ traceId, spanId, parentSpanId, name, kind, startMs, durationMs, attributes }) {
  const startNs = BigInt(Math.round(startMs * 1e6));
  const endNs = startNs + BigInt(Math.round(durationMs * 1e6));
  return {
    traceId,
    spanId,
    parentSpanId: parentSpanId ?? '',
    traceState: tracestate,
    name,
    kind,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(endNs),
    attributes: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    status: {},
  };
}

function serverSpan(traceId, spanId, parentSpanId, route, startMs, durationMs, statusCode = 200) {
  return span({
    traceId,
    spanId,
    parentSpanId,
    name: `GET ${route}`,
    kind: SPAN_KIND_SERVER,
    startMs,
    durationMs,
    attributes: {
      'http.request.method': 'GET',
      'http.route': route,
      'http.response.status_code': statusCode,
      'url.path': route,
    },
  });
}

function simulatedIoSpan(traceId, parentSpanId, startMs) {
  return span({
    traceId,
    spanId: hex(8),
    parentSpanId,
    name: 'simulated-io',
    kind: SPAN_KIND_INTERNAL,
    startMs,
    durationMs: 50,
    attributes: { 'simulated_io.duration_ms': 50 },
  });
}

function clientSpan(traceId, spanId, parentSpanId, backendPort, startMs, durationMs) {
  return span({
    traceId,
    spanId,
    parentSpanId,
    name: 'GET',
    kind: SPAN_KIND_CLIENT,
    startMs,
    durationMs,
    attributes: {
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'url.full': `http://127.0.0.1:${backendPort}/api/user?user_id=u1`,
      'server.address': '127.0.0.1',
      'server.port': backendPort,
    },
  });
}

function resourceSpans(service, spans) {
  return {
    resource: { attributes: [attribute('service.name', service)] },
    scopeSpans: [{ scope: { name: 'record-fixtures' }, spans }],
  };
}

// Builds the aggregate trace: ts-api's server span with two client spans,
// each the parent of a backend's server span, which has a simulated-io child.
// `omit` drops parts to record the broken shapes the checks must report.
function aggregateTrace(traceId, omit = {}) {
  const start = Date.now() - 1000;
  const tsServer = hex(8);
  const goClient = hex(8);
  const dotnetClient = hex(8);
  const goServer = hex(8);
  const dotnetServer = hex(8);
  const ts = [
    serverSpan(traceId, tsServer, callerSpanId, '/api/aggregate', start, 60),
    clientSpan(traceId, goClient, tsServer, 8081, start + 2, 55),
    clientSpan(traceId, dotnetClient, tsServer, 8082, start + 2, 56),
  ];
  const go = [serverSpan(traceId, goServer, goClient, '/api/user', start + 3, 52)];
  if (!omit.goSimulatedIo) go.push(simulatedIoSpan(traceId, goServer, start + 3.5));
  const dotnetParent = omit.dotnetParentLink ? hex(8) : dotnetClient;
  const dotnet = [
    serverSpan(traceId, dotnetServer, dotnetParent, '/api/user', start + 3, 53),
    simulatedIoSpan(traceId, dotnetServer, start + 3.6),
  ];
  const resources = [resourceSpans('ts-api', ts), resourceSpans('go-api', go)];
  if (!omit.dotnet) resources.push(resourceSpans('dotnet-api', dotnet));
  return { resourceSpans: resources };
}

async function send(payload) {
  const response = await fetch(`${collectorUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  if (!response.ok) throw new Error(`Collector returned status ${response.status}: ${await response.text()}`);
}

async function waitForTrace(traceId, spanCount) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${jaegerUrl}/api/traces/${traceId}`);
    if (response.ok) {
      const body = await response.json();
      if (body.data?.[0]?.spans.length === spanCount) return body;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`trace ${traceId} did not reach Jaeger with ${spanCount} spans within 15 s`);
}

async function record(name, omit, spanCount) {
  const traceId = hex(16);
  await send(aggregateTrace(traceId, omit));
  const body = await waitForTrace(traceId, spanCount);
  await writeFile(join(fixturesDir, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
  console.log(`${name}: trace ${traceId}, ${spanCount} spans`);
}

await record('aggregate-complete', {}, 7);
await record('aggregate-without-dotnet', { dotnet: true }, 5);
await record('aggregate-without-go-simulated-io', { goSimulatedIo: true }, 6);
await record('aggregate-broken-parent-link', { dotnetParentLink: true }, 7);

const notFound = await fetch(`${jaegerUrl}/api/traces/${hex(16)}`);
await writeFile(
  join(fixturesDir, 'not-found.json'),
  `${JSON.stringify({ status: notFound.status, body: await notFound.json() }, null, 2)}\n`,
);
console.log(`not-found: status ${notFound.status}`);
