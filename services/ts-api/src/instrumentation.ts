// Starts the OpenTelemetry SDK. main.ts loads this module before anything
// else, because the instrumentations patch http, undici and fastify only when
// they are registered before those modules are loaded.
import { getBooleanFromEnv } from '@opentelemetry/core';

import { createInstrumentations, createTelemetrySdk } from './telemetry';

function startTelemetry(): ReturnType<typeof createTelemetrySdk> | undefined {
  if (getBooleanFromEnv('OTEL_SDK_DISABLED')) {
    return undefined;
  }
  const sdk = createTelemetrySdk(createInstrumentations());
  sdk.start();
  return sdk;
}

const sdk = startTelemetry();

/** Exports the spans still queued and stops the SDK; resolves at once when tracing is off. */
export async function shutdownTelemetry(): Promise<void> {
  await sdk?.shutdown();
}
