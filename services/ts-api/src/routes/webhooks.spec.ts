import type { FastifyInstance } from 'fastify';

import { buildApp, bodyLimit } from '../app';
import { webhookEventsProcessed } from '../metrics';
import type { Phase } from './health';
import { testConfig } from '../test-support/config';
import { expectProblem } from '../test-support/problem';

const json = { 'content-type': 'application/json' };

function eventOfSize(size: number): string {
  const head = '{"type":"padded","pad":"';
  const tail = '"}';
  return head + 'p'.repeat(size - head.length - tail.length) + tail;
}

function eventOfDepth(depth: number): string {
  const arrays = depth - 1;
  return `{"type":"deep","data":${'['.repeat(arrays)}${']'.repeat(arrays)}}`;
}

describe('POST /webhooks', () => {
  let app: FastifyInstance;

  beforeAll(() => {
    app = buildApp(testConfig(), { phase: 'ready' });
  });

  afterAll(async () => {
    await app.close();
  });

  function post(payload: string, headers: Record<string, string> = json) {
    return app.inject({ method: 'POST', url: '/webhooks', headers, payload });
  }

  it('accepts an event with 202', async () => {
    const response = await post('{"type":"user.created","id":7}', { ...json, 'x-webhook-source': 'test' });

    expect(response.statusCode).toBe(202);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toBe('{"accepted":true,"event_type":"user.created"}');
  });

  it.each([
    ['a body of exactly 1 MiB', eventOfSize(bodyLimit), json],
    ['JSON nested 64 levels deep', eventOfDepth(64), json],
    ['a type of 128 characters', JSON.stringify({ type: 't'.repeat(128) }), json],
    ['a type of 128 emoji', JSON.stringify({ type: '😀'.repeat(128) }), json],
    ['a content type with a charset', '{"type":"t"}', { 'content-type': 'Application/JSON; charset=utf-8' }],
    ['a source of 128 characters', '{"type":"t"}', { ...json, 'x-webhook-source': 's'.repeat(128) }],
  ])('accepts %s', async (_name, payload, headers) => {
    const response = await post(payload, headers);

    expect(response.statusCode).toBe(202);
  });

  it('rejects a body of 1 MiB + 1 byte with 413', async () => {
    const response = await post(eventOfSize(bodyLimit + 1));

    expectProblem(response, 'payload-too-large', 413, 'request body exceeds 1048576 bytes', '/webhooks');
  });

  it.each([
    ['a missing content type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['application/jsonx', { 'content-type': 'application/jsonx' }],
  ])('rejects %s with 415', async (_name, headers) => {
    const response = await post('{"type":"t"}', headers);

    expectProblem(response, 'unsupported-media-type', 415, 'Content-Type must be application/json', '/webhooks');
  });

  it('rejects a missing content type before a too large body', async () => {
    const response = await post(eventOfSize(bodyLimit + 1), {});

    expect(response.statusCode).toBe(415);
  });

  it('rejects a bodiless request without content type with 415', async () => {
    const response = await app.inject({ method: 'POST', url: '/webhooks' });

    expectProblem(response, 'unsupported-media-type', 415, 'Content-Type must be application/json', '/webhooks');
  });

  it.each([
    ['truncated JSON', '{"type":"t"'],
    ['a bare word', 'hello'],
    ['an empty body', ''],
    ['trailing garbage', '{"type":"t"} x'],
  ])('rejects %s with 400 invalid-json', async (_name, payload) => {
    const response = await post(payload);

    expectProblem(response, 'invalid-json', 400, 'request body is not valid JSON', '/webhooks');
  });

  it.each([65, 10_000])('rejects JSON nested %i levels deep with 400', async (depth) => {
    const response = await post(eventOfDepth(depth));

    expectProblem(response, 'invalid-json', 400, 'request body is nested deeper than 64 levels', '/webhooks');
  });

  it.each([
    ['an array', '[{"type":"t"}]', 'webhook event must be a JSON object'],
    ['a string', '"t"', 'webhook event must be a JSON object'],
    ['null', 'null', 'webhook event must be a JSON object'],
    ['a missing type', '{"id":1}', 'type must be a string of 1 to 128 characters'],
    ['a numeric type', '{"type":7}', 'type must be a string of 1 to 128 characters'],
    ['an empty type', '{"type":""}', 'type must be a string of 1 to 128 characters'],
    ['a 129-character type', JSON.stringify({ type: 't'.repeat(129) }), 'type must be a string of 1 to 128 characters'],
  ])('rejects %s with 422', async (_name, payload, detail) => {
    const response = await post(payload);

    expectProblem(response, 'invalid-webhook', 422, detail, '/webhooks');
  });

  it('rejects a source header over 128 characters with 422', async () => {
    const response = await post('{"type":"t"}', { ...json, 'x-webhook-source': 's'.repeat(129) });

    expectProblem(response, 'invalid-webhook', 422, 'X-Webhook-Source must be at most 128 characters', '/webhooks');
  });
});

describe('POST /webhooks with a full queue or while draining', () => {
  let app: FastifyInstance;
  const state: { phase: Phase } = { phase: 'ready' };

  beforeAll(() => {
    app = buildApp(testConfig({ webhookWorkers: 1, webhookQueue: 1, simulatedIoMs: 200 }), state);
  });

  afterAll(async () => {
    await app.close();
  });

  function post(type: string) {
    return app.inject({ method: 'POST', url: '/webhooks', headers: json, payload: JSON.stringify({ type }) });
  }

  it('rejects with 503 queue-full and Retry-After', async () => {
    const responses = [await post('first'), await post('second'), await post('third')];

    expect(responses.map((response) => response.statusCode)).toEqual([202, 202, 503]);
    const rejected = responses[2];
    if (rejected === undefined) {
      throw new Error('no third response');
    }
    expectProblem(rejected, 'queue-full', 503, 'webhook queue is full', '/webhooks');
    expect(rejected.headers['retry-after']).toBe('1');
  });

  it('rejects with 503 draining once the service drains', async () => {
    const metrics = async () => (await app.inject('/metrics')).body;
    while ((await metrics()).includes('webhook_queue_depth 1')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    state.phase = 'draining';

    const response = await post('late');

    expectProblem(response, 'draining', 503, 'service is shutting down', '/webhooks');
    expect(response.headers['retry-after']).toBe('1');
    expect(await metrics()).toMatch(/webhook_events_rejected_total\{reason="draining"\} 1/);
  });
});

describe('closing the app', () => {
  it('processes every queued event before it resolves', async () => {
    const app = buildApp(testConfig({ webhookWorkers: 1, webhookQueue: 10, simulatedIoMs: 50 }), { phase: 'ready' });
    const processedBefore = (await webhookEventsProcessed.get()).values[0]?.value ?? 0;
    for (const type of ['a', 'b', 'c']) {
      const response = await app.inject({ method: 'POST', url: '/webhooks', headers: json, payload: JSON.stringify({ type }) });
      expect(response.statusCode).toBe(202);
    }

    await app.close();

    const processedAfter = (await webhookEventsProcessed.get()).values[0]?.value ?? 0;
    expect(processedAfter - processedBefore).toBe(3);
  });
});
