// OpenTelemetry set-up of ts-api, configured by the standard OTEL_* variables.
import { context, createNoopMeter, type Counter, type Meter, type MeterProvider } from '@opentelemetry/api';
import {
  CompositePropagator,
  getNumberFromEnv,
  getRPCMetadata,
  getStringFromEnv,
  RPCType,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

import { serviceName } from './logger';
import { spansDropped } from './metrics';

/** Instrumentations as the SDK takes them. */
export type Instrumentations = NodeSDKConfiguration['instrumentations'];

// The batch processor reports each span it gives up on (queue full or export
// failed) as a count on this metric with an `error.type` attribute.
const processedSpansMetric = 'otel.sdk.processor.span.processed';

/**
 * Returns a meter provider for the batch processor's own metrics that counts
 * dropped spans in `telemetry_spans_dropped_total` and ignores the rest.
 */
export function droppedSpansMeterProvider(onDropped: (count: number) => void): MeterProvider {
  const noopMeter = createNoopMeter();
  const processedSpans: Counter = {
    add: (count, attributes) => {
      if (attributes?.[ATTR_ERROR_TYPE] !== undefined) {
        onDropped(count);
      }
    },
  };
  const meter = Object.create(noopMeter) as Meter;
  meter.createCounter = (name, options) =>
    name === processedSpansMetric ? processedSpans : noopMeter.createCounter(name, options);
  return { getMeter: () => meter };
}

/** Creates the batch span processor with a bounded queue, configured by the OTEL_BSP_* variables. */
export function createSpanProcessor(): SpanProcessor {
  return new BatchSpanProcessor({
    exporter: new OTLPTraceExporter(),
    maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE') ?? 2048,
    maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE') ?? 512,
    scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY') ?? 5000,
    exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT') ?? 30_000,
    selfObsMeterProvider: droppedSpansMeterProvider((count) => {
      spansDropped.inc(count);
    }),
  });
}

// #region tracer-setup
/** Creates the instrumentations of ts-api: incoming HTTP and outgoing undici calls. */
export function createInstrumentations(): Instrumentations {
  return [new HttpInstrumentation(), new UndiciInstrumentation()];
}

/**
 * Fastify `onRequest` hook that stores the matched route in the server
 * span's RPC metadata, from which HttpInstrumentation sets `http.route` and
 * names the span `<METHOD> <route>` when the response ends. @fastify/otel
 * does this too, but it also adds a `request` and a `handler` span to every
 * request, which doubled ts-api's span count.
 */
export function recordRoute(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const metadata = getRPCMetadata(context.active());
  const route = request.routeOptions.url;
  if (metadata?.type === RPCType.HTTP && route !== undefined) {
    metadata.route = route;
  }
  done();
}

/**
 * Creates the OpenTelemetry SDK of ts-api, not started. Without
 * `spanProcessors`, spans go to the OTLP gRPC exporter through a batch
 * processor, unless OTEL_TRACES_EXPORTER is `none`.
 */
export function createTelemetrySdk(
  instrumentations: Instrumentations,
  spanProcessors?: SpanProcessor[],
): NodeSDK {
  const tracesOff = getStringFromEnv('OTEL_TRACES_EXPORTER') === 'none';
  return new NodeSDK({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read by the SDK's
    // detectors, take precedence over this default name.
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName })),
    spanProcessors: spanProcessors ?? (tracesOff ? [] : [createSpanProcessor()]),
    // The W3C pair is also the SDK's default for an unset OTEL_PROPAGATORS.
    ...(getStringFromEnv('OTEL_PROPAGATORS') === undefined && {
      textMapPropagator: new CompositePropagator({
        propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
      }),
    }),
    // Metrics are served by prom-client on /metrics and logs go to stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations,
  });
}
// #endregion tracer-setup
