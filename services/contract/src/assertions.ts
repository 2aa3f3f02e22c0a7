import { problemWithoutTraceId, schemaErrors, type ExpectedProblem } from './http';

/** Checks that `response` is exactly the problem document the contract prescribes. */
export function expectProblem(
  response: { status: number; headers: Headers; json(): unknown },
  expected: ExpectedProblem,
): void {
  expect(response.status).toBe(expected.status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = response.json();
  expect(schemaErrors('Problem', body)).toBe('');
  expect(Object.keys(body as object)).toEqual(['type', 'title', 'status', 'detail', 'instance', 'trace_id']);
  expect(problemWithoutTraceId(body)).toEqual({
    type: `urn:triad:problem:${expected.code}`,
    title: expected.title,
    status: expected.status,
    detail: expected.detail,
    instance: expected.instance,
  });
}
