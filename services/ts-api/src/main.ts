// The SDK must start before fastify, undici and http are loaded, so that its
// instrumentations can patch them, so this import comes first.
import { shutdownTelemetry } from './instrumentation';

import { main } from './server';

void main(shutdownTelemetry);
