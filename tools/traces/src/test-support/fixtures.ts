import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JaegerResponse, JaegerTrace } from '../jaeger-model';

/** Names of the Jaeger responses recorded by scripts/record-fixtures.mjs. */
export type FixtureName =
  | 'aggregate-complete'
  | 'aggregate-without-dotnet'
  | 'aggregate-without-go-simulated-io'
  | 'aggregate-broken-parent-link';

/** Returns the recorded body of `GET /api/traces/<id>` for a fixture. */
export function loadResponse(name: FixtureName): JaegerResponse<JaegerTrace[]> {
  const text = readFileSync(join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8');
  return JSON.parse(text) as JaegerResponse<JaegerTrace[]>;
}

/** Returns the trace of a recorded response. */
export function loadTrace(name: FixtureName): JaegerTrace {
  const trace = loadResponse(name).data?.[0];
  if (!trace) throw new Error(`fixture ${name} holds no trace`);
  return trace;
}
