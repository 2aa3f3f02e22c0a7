import { statusTable } from './stack';

describe('statusTable', () => {
  it('aligns the columns', () => {
    const lines = statusTable([
      { name: 'jaeger', pid: 101, port: 16686, url: '', running: true, ready: true, rssBytes: 56.4 * 1024 * 1024 },
      { name: 'ts-api', pid: 99999, port: 8083, url: '', running: false, ready: false, rssBytes: undefined },
    ]);

    expect(lines).toEqual([
      'PART    PID    PORT   READY   RSS',
      'jaeger  101    16686  yes     56.4 MiB',
      'ts-api  99999  8083   exited  -',
    ]);
  });
});
