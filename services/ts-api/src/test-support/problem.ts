import type { LightMyRequestResponse as Response } from 'fastify';

/** Checks that `response` is exactly the contract's problem document for `code`. */
export function expectProblem(response: Response, code: string, status: number, detail: string, instance: string): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  const body = response.json<Record<string, unknown>>();
  expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'detail', 'instance', 'trace_id']);
  expect(body.type).toBe(`urn:triad:problem:${code}`);
  expect(body.status).toBe(status);
  expect(body.detail).toBe(detail);
  expect(body.instance).toBe(instance);
  expect(body.trace_id).toMatch(/^[0-9a-f]{32}$/);
}
