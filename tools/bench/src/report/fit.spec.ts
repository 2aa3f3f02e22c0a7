import { fitLine, median } from './fit';

describe('fitLine', () => {
  it('recovers an exact line', () => {
    const fit = fitLine([
      { x: 100, y: 20.5 },
      { x: 1000, y: 25 },
      { x: 5000, y: 45 },
    ]);

    expect(fit.slope).toBeCloseTo(0.005, 10);
    expect(fit.intercept).toBeCloseTo(20, 10);
    expect(fit.r2).toBeCloseTo(1, 10);
  });

  it('gives r² below 1 for scattered points', () => {
    const fit = fitLine([
      { x: 1, y: 1 },
      { x: 2, y: 3 },
      { x: 3, y: 2 },
      { x: 4, y: 5 },
    ]);

    expect(fit.slope).toBeCloseTo(1.1, 10);
    expect(fit.intercept).toBeCloseTo(0, 10);
    expect(fit.r2).toBeCloseTo(0.6914286, 6);
  });

  it('gives slope 0 and r² 1 for constant y', () => {
    const fit = fitLine([
      { x: 10, y: 7 },
      { x: 20, y: 7 },
    ]);

    expect(fit.slope).toBe(0);
    expect(fit.intercept).toBe(7);
    expect(fit.r2).toBe(1);
  });

  it('rejects a single point', () => {
    expect(() => fitLine([{ x: 1, y: 1 }])).toThrow('at least 2 points, got 1');
  });

  it('rejects points with one x value', () => {
    expect(() =>
      fitLine([
        { x: 5, y: 1 },
        { x: 5, y: 2 },
      ]),
    ).toThrow('two different x values');
  });
});

describe('median', () => {
  it('takes the middle of an odd count', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });
});
