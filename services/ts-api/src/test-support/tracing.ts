import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';

import { createInstrumentations, createTelemetrySdk } from '../telemetry';

/** Test tracing: the service's SDK and instrumentations, with spans kept in memory. */
export interface TestTracing {
  readonly exporter: InMemorySpanExporter;
  stop(): Promise<void>;
}

/**
 * Starts the SDK as instrumentation.ts does, but exporting to memory. Import
 * the module under test after calling it, so that the instrumentations apply.
 */
export function startTestTracing(): TestTracing {
  const exporter = new InMemorySpanExporter();
  const instrumentations = createInstrumentations().flat();
  const sdk = createTelemetrySdk(instrumentations, [new SimpleSpanProcessor({ exporter })]);
  sdk.start();
  return {
    exporter,
    stop: async () => {
      for (const instrumentation of instrumentations) {
        instrumentation.disable();
      }
      await sdk.shutdown();
    },
  };
}

/**
 * Calls fetch outside of any trace. The test process instruments its own
 * fetch too, and would otherwise add a second `traceparent` to the request.
 */
export function untracedFetch(url: string, init?: RequestInit): Promise<Response> {
  return context.with(suppressTracing(context.active()), () => fetch(url, init));
}
