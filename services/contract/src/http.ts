import { readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** A response read whole, so that a case can check status, headers and body in turn. */
export interface ContractResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Milliseconds from sending the request to reading the whole body. */
  readonly elapsedMs: number;
  json(): unknown;
}

/** Sends one request to `baseUrl` + `pathAndQuery` and reads the whole answer. */
export async function send(
  baseUrl: string,
  pathAndQuery: string,
  init: RequestInit = {},
): Promise<ContractResponse> {
  const started = performance.now();
  const response = await fetch(baseUrl + pathAndQuery, { ...init, redirect: 'manual' });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  return {
    status: response.status,
    headers: response.headers,
    text,
    elapsedMs,
    json: () => JSON.parse(text) as unknown,
  };
}

/** Name of a schema under `components.schemas` in openapi.yaml. */
export type SchemaName =
  | 'User'
  | 'Users'
  | 'Aggregate'
  | 'WebhookAccepted'
  | 'Status'
  | 'Problem';

let ajv: Ajv2020 | undefined;
const validators = new Map<SchemaName, ValidateFunction>();

/** Returns the validator of one schema of the OpenAPI document. */
export function schemaValidator(name: SchemaName): ValidateFunction {
  const cached = validators.get(name);
  if (cached !== undefined) {
    return cached;
  }
  ajv ??= loadOpenApi();
  const validate = ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
  validators.set(name, validate);
  return validate;
}

/** Returns the schema errors of `value` against `name`, as one readable string ('' when valid). */
export function schemaErrors(name: SchemaName, value: unknown): string {
  const validate = schemaValidator(name);
  if (validate(value)) {
    return '';
  }
  return (validate.errors ?? [])
    .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`)
    .join('; ');
}

function loadOpenApi(): Ajv2020 {
  const file = path.join(__dirname, '..', 'openapi.yaml');
  const document = parse(readFileSync(file, 'utf8')) as { components: unknown };
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; the rest of the document is
  // not a schema, so only the components are registered.
  const instance = new Ajv2020({ allErrors: true, strict: false });
  addFormats(instance);
  instance.addSchema({ $id: 'openapi', components: document.components });
  return instance;
}

/** The problem document the contract prescribes for one case. */
export interface ExpectedProblem {
  readonly code: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
}

/** Problem titles by code, as docs/contract.md lists them. */
export const problemTitles: Readonly<Record<string, string>> = {
  'invalid-parameter': 'Invalid parameter',
  'invalid-json': 'Invalid JSON',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  'payload-too-large': 'Payload too large',
  'unsupported-media-type': 'Unsupported media type',
  'invalid-webhook': 'Invalid webhook event',
  'rate-limited': 'Too many requests',
  internal: 'Internal server error',
  'backend-unavailable': 'Backend unavailable',
  'queue-full': 'Queue full',
  draining: 'Shutting down',
};

/** Builds the expected problem for `code` with the status and title the contract gives it. */
export function problem(code: string, status: number, detail: string, instance: string): ExpectedProblem {
  const title = problemTitles[code];
  if (title === undefined) {
    throw new Error(`unknown problem code ${code}`);
  }
  return { code, title, status, detail, instance };
}

/** Returns the members of a problem document without `trace_id`, which differs per request. */
export function problemWithoutTraceId(body: unknown): Record<string, unknown> {
  const { trace_id: _traceId, ...rest } = body as Record<string, unknown>;
  return rest;
}
