/** A straight line `y = slope * x + intercept` fitted by ordinary least squares. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination: 1 when every point lies on the line. */
  r2: number;
}

/**
 * Fits a line through the points by ordinary least squares.
 *
 * Throws when fewer than two points are given or when every x is the same,
 * because the slope is undefined then. r² is 1 when all y are equal (the
 * horizontal line explains them fully).
 */
export function fitLine(points: readonly { x: number; y: number }[]): LinearFit {
  if (points.length < 2) {
    throw new RangeError(`a line fit needs at least 2 points, got ${points.length}`);
  }

  const count = points.length;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / count;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / count;

  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (const point of points) {
    covariance += (point.x - meanX) * (point.y - meanY);
    varianceX += (point.x - meanX) ** 2;
    varianceY += (point.y - meanY) ** 2;
  }
  if (varianceX === 0) {
    throw new RangeError('a line fit needs at least two different x values');
  }

  const slope = covariance / varianceX;
  const intercept = meanY - slope * meanX;
  const residual = points.reduce((sum, point) => sum + (point.y - (slope * point.x + intercept)) ** 2, 0);
  const r2 = varianceY === 0 ? 1 : 1 - residual / varianceY;

  return { slope, intercept, r2 };
}

/** Returns the median of the values (the mean of the middle two for an even count), NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) {
    return sorted[middle] ?? Number.NaN;
  }
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
