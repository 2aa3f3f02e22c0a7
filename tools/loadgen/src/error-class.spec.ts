import { classifyError, classifyStatus, RequestTimeoutError } from './error-class';

function errorWithCode(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('classifyError', () => {
  it.each([
    ['ECONNREFUSED', 'connect'],
    ['UND_ERR_CONNECT_TIMEOUT', 'connect'],
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['EPROTO', 'other'],
  ])('classifies %s as %s', (code, expected) => {
    expect(classifyError(errorWithCode(code))).toBe(expected);
  });

  it('classifies the generator timeout as timeout', () => {
    expect(classifyError(new RequestTimeoutError(100))).toBe('timeout');
  });

  it('follows the cause chain', () => {
    expect(classifyError(new Error('fetch failed', { cause: errorWithCode('ECONNREFUSED') }))).toBe('connect');
  });

  it('classifies values without a code as other', () => {
    expect(classifyError('boom')).toBe('other');
  });
});

describe('classifyStatus', () => {
  it('counts 200-399 as success and other statuses by code', () => {
    expect(classifyStatus(200)).toBeUndefined();
    expect(classifyStatus(304)).toBeUndefined();
    expect(classifyStatus(404)).toBe('status_404');
    expect(classifyStatus(500)).toBe('status_500');
  });
});
