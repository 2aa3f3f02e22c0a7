// The default import is node:http's exports object itself, which the patch wraps in place.
import http from 'node:http';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
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
  const unpatchHttp = patchHttpByHand(instrumentations);
  return {
    exporter,
    stop: async () => {
      unpatchHttp();
      for (const instrumentation of instrumentations) {
        instrumentation.disable();
      }
      await sdk.shutdown();
    },
  };
}

/**
 * Applies the HTTP instrumentation's patch to `node:http`. Jest loads modules
 * through its own registry, which the instrumentation's require hook does not
 * see, so in tests the server span would otherwise be missing.
 */
function patchHttpByHand(instrumentations: ReturnType<typeof createInstrumentations>): () => void {
  const instrumentation = instrumentations.find((candidate) => candidate instanceof HttpInstrumentation);
  const definition = instrumentation?.getModuleDefinitions().find((candidate) => candidate.name === 'http');
  if (definition?.patch === undefined) {
    throw new Error('the HTTP instrumentation has no patch for node:http');
  }
  definition.patch(http, process.versions.node);
  return () => definition.unpatch?.(http, process.versions.node);
}

/**
 * Calls fetch outside of any trace. The test process instruments its own
 * fetch too, and would otherwise add a second `traceparent` to the request.
 */
export function untracedFetch(url: string, init?: RequestInit): Promise<Response> {
  return context.with(suppressTracing(context.active()), () => fetch(url, init));
}
