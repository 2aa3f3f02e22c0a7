// The built-in generator's open-model scenario for k6 (v0.57 or later runs
// TypeScript as is): a constant arrival rate, a fresh W3C traceparent on every
// request, and thresholds on failures and p99. Run it with
//   k6 run --env URL=http://127.0.0.1:8081/api/user?user_id=u1 --env RATE=1000 --env DURATION=10s k6/scenario.ts
// or through `triad load --engine k6`.
import { check } from 'k6';
import { randomBytes } from 'k6/crypto';
import http from 'k6/http';
import type { Options } from 'k6/options';

const url = __ENV.URL ?? 'http://127.0.0.1:8081/api/user?user_id=u1';
const rate = Number(__ENV.RATE ?? '100');
const duration = __ENV.DURATION ?? '10s';
const timeout = __ENV.TIMEOUT ?? '5s';
const sampleRatio = Number(__ENV.SAMPLE_RATIO ?? '0.01');
const tracestate = __ENV.TRACESTATE;
const p99ThresholdMs = Number(__ENV.P99_THRESHOLD_MS ?? '500');
// Requests in flight at a 50 ms service time are rate / 20; the VUs leave room for slower responses.
const expectedLatencyMs = Number(__ENV.EXPECTED_LATENCY_MS ?? '100');
const preAllocatedVUs = Math.max(10, Math.ceil((rate * expectedLatencyMs) / 1000) * 2);

export const options: Options = {
  scenarios: {
    user_lookup: {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      duration,
      preAllocatedVUs,
      maxVUs: preAllocatedVUs * 4,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: [`p(99)<${p99ThresholdMs}`],
  },
};

/** Returns `bytes` random bytes as lowercase hex, never all zeros (W3C Trace Context forbids that). */
function randomHex(bytes: number): string {
  for (;;) {
    const values = new Uint8Array(randomBytes(bytes));
    if (values.some((value) => value !== 0)) {
      return Array.from(values, (value) => value.toString(16).padStart(2, '0')).join('');
    }
  }
}

export default function (): void {
  const flags = Math.random() < sampleRatio ? '01' : '00';
  const headers: Record<string, string> = { traceparent: `00-${randomHex(16)}-${randomHex(8)}-${flags}` };
  if (tracestate !== undefined) {
    headers.tracestate = tracestate;
  }

  const response = http.get(url, { headers, timeout });
  check(response, { 'status is 200': (res) => res.status === 200 });
}
