import { Writable } from 'node:stream';

import { trace } from '@opentelemetry/api';

import { createLogger } from './logger';
import { startTestTracing, type TestTracing } from './test-support/tracing';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger('debug', destination) };
}

describe('logger', () => {
  it('writes time, level, msg and service first', () => {
    const { lines, logger } = capture();

    logger.info({ event_type: 'user.created' }, 'webhook processed');

    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(['time', 'level', 'msg', 'service', 'event_type']);
    expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(entry.level).toBe('info');
    expect(entry.msg).toBe('webhook processed');
    expect(entry.service).toBe('ts-api');
  });

  it('writes the ids of the active span after service', async () => {
    const tracing: TestTracing = startTestTracing();
    const { lines, logger } = capture();

    const spanContext = trace.getTracer('test').startActiveSpan('logging', (span) => {
      logger.warn({ address: '127.0.0.1:1' }, 'server started');
      span.end();
      return span.spanContext();
    });
    await tracing.stop();

    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(['time', 'level', 'msg', 'service', 'trace_id', 'span_id', 'address']);
    expect(entry.trace_id).toBe(spanContext.traceId);
    expect(entry.span_id).toBe(spanContext.spanId);
    expect(entry.level).toBe('warn');
  });

  it('writes a message without fields', () => {
    const { lines, logger } = capture();

    logger.debug('shutdown started');

    expect(Object.keys(JSON.parse(lines[0] ?? '') as object)).toEqual(['time', 'level', 'msg', 'service']);
  });

  it('writes an error as its message', () => {
    const { lines, logger } = capture();

    logger.error(new Error('listen failed'), 'request failed');

    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(entry.msg).toBe('request failed');
    expect(entry.error).toBe('listen failed');
  });
});
