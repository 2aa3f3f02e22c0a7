import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Name of this service in logs, response bodies and traces. */
export const serviceName = 'ts-api';

type LogFields = Record<string, unknown>;

// #region logger-options
/**
 * Returns pino options that write the contract's log line: `time`, `level`,
 * `msg`, `service`, then `trace_id` and `span_id` of the active span, then the
 * event fields.
 *
 * Pino writes the level, the time and the bindings before the logged fields
 * and the message last, so the level formatter writes nothing, the timestamp
 * opens the object, and the mixin strategy puts level and message first.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: undefined,
    timestamp: () => `"time":"${new Date().toISOString()}"`,
    formatters: { level: () => ({}) },
    hooks: { logMethod: moveMessageIntoFields },
    mixin: (_fields, levelNumber, instance) => ({
      level: instance.levels.labels[levelNumber],
      ...activeSpanIds(),
    }),
    mixinMergeStrategy: orderFields,
  };
}
// #endregion logger-options

/** Creates a logger that writes contract log lines to `destination` (stdout by default). */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = loggerOptions(level);
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** Logger of the service; server.ts sets its level from LOG_LEVEL. */
export const logger: Logger = createLogger();

function moveMessageIntoFields(
  this: Logger,
  args: Parameters<Logger['info']>,
  method: (...args: unknown[]) => void,
): void {
  const [first, second] = args as unknown[];
  if (typeof first === 'string') {
    method.call(this, { msg: first });
    return;
  }
  if (first instanceof Error) {
    method.call(this, { msg: typeof second === 'string' ? second : first.message, error: first.message });
    return;
  }
  if (typeof first === 'object' && first !== null && typeof second === 'string') {
    method.call(this, { msg: second, ...(first as LogFields) });
    return;
  }
  method.apply(this, args);
}

function activeSpanIds(): LogFields {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined) {
    return {};
  }
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

function orderFields(fields: object, mixinFields: object): object {
  const { msg, ...eventFields } = fields as LogFields;
  const { level, ...spanIds } = mixinFields as LogFields;
  return { level, msg, service: serviceName, ...spanIds, ...eventFields };
}
