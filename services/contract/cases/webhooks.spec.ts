import { expectProblem } from '../src/assertions';
import { problem, schemaErrors, send } from '../src/http';
import { metricSum, parseMetrics } from '../src/metrics';
import { useTarget } from '../src/target';

const target = useTarget();
const mebibyte = 1024 * 1024;
const json = { 'content-type': 'application/json' };

/** Returns a JSON object with a `type` member, padded to exactly `size` bytes. */
function eventOfSize(size: number): string {
  const head = '{"type":"padded","pad":"';
  const tail = '"}';
  return head + 'p'.repeat(size - head.length - tail.length) + tail;
}

/** Returns a webhook event whose `data` member nests arrays so the whole document has `depth` levels. */
function eventOfDepth(depth: number): string {
  const arrays = depth - 1;
  return `{"type":"deep","data":${'['.repeat(arrays)}${']'.repeat(arrays)}}`;
}

function post(body: RequestInit['body'], headers: Record<string, string> = json) {
  return send(target().baseUrl, '/webhooks', { method: 'POST', headers, body });
}

async function processedCount(): Promise<number> {
  const response = await send(target().baseUrl, '/metrics');
  return metricSum(parseMetrics(response.text), 'webhook_events_processed_total');
}

describe('smoke: POST /webhooks', () => {
  it('accepts an event with 202', async () => {
    const response = await post(JSON.stringify({ type: 'user.created', id: 7 }), {
      ...json,
      'x-webhook-source': 'contract',
    });

    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(schemaErrors('WebhookAccepted', response.json())).toBe('');
    expect(response.text).toBe('{"accepted":true,"event_type":"user.created"}');
  });
});

describe('POST /webhooks accepts', () => {
  it('processes an accepted event, as /metrics shows', async () => {
    const before = await processedCount();

    const response = await post(JSON.stringify({ type: 'order.paid' }));

    expect(response.status).toBe(202);
    let after = before;
    for (let attempt = 0; attempt < 50 && after <= before; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await processedCount();
    }
    expect(after).toBeGreaterThan(before);
  });

  it('a body of exactly 1 MiB', async () => {
    const response = await post(eventOfSize(mebibyte));

    expect(response.status).toBe(202);
  });

  it('a content type with a charset parameter', async () => {
    const response = await post('{"type":"t"}', { 'content-type': 'Application/JSON; charset=utf-8' });

    expect(response.status).toBe(202);
  });

  it('JSON nested 64 levels deep', async () => {
    const response = await post(eventOfDepth(64));

    expect(response.status).toBe(202);
  });

  it('a type of 128 characters', async () => {
    const response = await post(JSON.stringify({ type: 't'.repeat(128) }));

    expect(response.status).toBe(202);
  });
});

describe('POST /webhooks rejects', () => {
  it('a body of 1 MiB + 1 byte with 413', async () => {
    const response = await post(eventOfSize(mebibyte + 1));

    expectProblem(response, problem('payload-too-large', 413, 'request body exceeds 1048576 bytes', '/webhooks'));
  });

  it('a chunked body over 1 MiB with 413', async () => {
    const chunk = new TextEncoder().encode('p'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) {
          controller.enqueue(new TextEncoder().encode('{"type":"big","pad":"'));
        }
        if (sent >= 2 * mebibyte) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });

    const response = await send(target().baseUrl, '/webhooks', {
      method: 'POST',
      headers: json,
      body,
      duplex: 'half',
    }).catch((error: unknown) => error);

    // A server may close the connection after answering 413 mid-upload, and
    // the client may then see the reset before the answer.
    if (response instanceof Error) {
      expect(response.message).toMatch(/fetch failed|socket|closed|reset/i);
      return;
    }
    expectProblem(
      response as Parameters<typeof expectProblem>[0],
      problem('payload-too-large', 413, 'request body exceeds 1048576 bytes', '/webhooks'),
    );
  });

  it('a missing content type with 415', async () => {
    const response = await post(new Blob(['{"type":"t"}']), {});

    expectProblem(
      response,
      problem('unsupported-media-type', 415, 'Content-Type must be application/json', '/webhooks'),
    );
  });

  it('a text/plain body with 415', async () => {
    const response = await post('{"type":"t"}', { 'content-type': 'text/plain' });

    expectProblem(
      response,
      problem('unsupported-media-type', 415, 'Content-Type must be application/json', '/webhooks'),
    );
  });

  it.each([
    ['truncated JSON', '{"type":"t"'],
    ['a bare word', 'hello'],
    ['an empty body', ''],
    ['trailing garbage', '{"type":"t"} x'],
  ])('%s with 400 invalid-json', async (_name, body) => {
    const response = await post(body);

    expectProblem(response, problem('invalid-json', 400, 'request body is not valid JSON', '/webhooks'));
  });

  it.each([
    ['65 levels', 65],
    ['10 000 levels', 10_000],
  ])('JSON nested %s deep with 400', async (_name, depth) => {
    const response = await post(eventOfDepth(depth));

    expectProblem(
      response,
      problem('invalid-json', 400, 'request body is nested deeper than 64 levels', '/webhooks'),
    );
  });

  it.each([
    ['an array', '[{"type":"t"}]', 'webhook event must be a JSON object'],
    ['a string', '"t"', 'webhook event must be a JSON object'],
    ['null', 'null', 'webhook event must be a JSON object'],
    ['a missing type', '{"id":1}', 'type must be a string of 1 to 128 characters'],
    ['a numeric type', '{"type":7}', 'type must be a string of 1 to 128 characters'],
    ['an empty type', '{"type":""}', 'type must be a string of 1 to 128 characters'],
    ['a 129-character type', JSON.stringify({ type: 't'.repeat(129) }), 'type must be a string of 1 to 128 characters'],
  ])('%s with 422 invalid-webhook', async (_name, body, detail) => {
    const response = await post(body);

    expectProblem(response, problem('invalid-webhook', 422, detail, '/webhooks'));
  });

  it('a source header over 128 characters with 422', async () => {
    const response = await post('{"type":"t"}', { ...json, 'x-webhook-source': 's'.repeat(129) });

    expectProblem(
      response,
      problem('invalid-webhook', 422, 'X-Webhook-Source must be at most 128 characters', '/webhooks'),
    );
  });
});
