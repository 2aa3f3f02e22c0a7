import { sampleResidentMemory, scenarioUrl } from './scenarios';

describe('sampleResidentMemory', () => {
  it('returns the median and range in MiB', async () => {
    const readings = [100, 300, 200, 200, 500].map((mib) => mib * 1024 * 1024);
    let index = 0;
    const residentMemory = () => readings[index++ % readings.length];

    const figures = await sampleResidentMemory({ pid: 1, residentMemory, signal: new AbortController().signal }, 1000);

    expect(figures.samples).toBeGreaterThanOrEqual(5);
    expect(figures.min).toBe(100);
    expect(figures.max).toBe(500);
    expect(figures.median).toBe(200);
  });

  it('gives null figures when the process is gone', async () => {
    const figures = await sampleResidentMemory(
      { pid: 1, residentMemory: () => undefined, signal: new AbortController().signal },
      300,
    );

    expect(figures).toEqual({ median: null, min: null, max: null, samples: 0 });
  });
});

describe('scenarioUrl', () => {
  it('adds a valid user id to the route', () => {
    expect(scenarioUrl('http://127.0.0.1:8083', '/api/aggregate')).toBe(
      'http://127.0.0.1:8083/api/aggregate?user_id=bench-user',
    );
  });
});
