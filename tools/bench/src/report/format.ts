/** Number formats shared by the Markdown and HTML reports. */

/** Formats milliseconds with precision that suits their size: 0.42, 5.31, 51.2, 1204. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  const magnitude = Math.abs(value);
  if (magnitude >= 100) {
    return value.toFixed(0);
  }
  if (magnitude >= 10) {
    return value.toFixed(1);
  }
  return value.toFixed(2);
}

/** Formats a share (0.25) as a percentage (25%), with decimals only for small shares. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) {
    return 'n/a';
  }
  const percent = share * 100;
  if (percent !== 0 && Math.abs(percent) < 1) {
    return `${Number(percent.toPrecision(2)).toString()}%`;
  }
  return `${percent.toFixed(Math.abs(percent) < 10 && !Number.isInteger(percent) ? 1 : 0)}%`;
}

/** Formats a rate or count with thousands separators and at most one decimal. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  return value.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: decimals });
}

/** Formats a signed difference in milliseconds, such as p99 minus the simulated wait. */
export function formatSignedMs(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  return `${value >= 0 ? '+' : '−'}${formatMs(Math.abs(value))}`;
}

/** Formats a signed share (0.12) as a signed percentage (+12%), such as a relative growth. */
export function formatSignedPercent(share: number): string {
  if (!Number.isFinite(share)) {
    return 'n/a';
  }
  return `${share >= 0 ? '+' : '−'}${formatPercent(Math.abs(share))}`;
}

/** Rounds to the given number of decimals. */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
