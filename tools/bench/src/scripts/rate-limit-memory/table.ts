import type { BucketMemoryFigures } from './figures';

const MIB = 1024 * 1024;

/** Formats bytes as MiB with two decimals: `12.34`. */
export function formatMiB(bytes: number): string {
  return (bytes / MIB).toFixed(2);
}

/** Formats a change in bytes as MiB with a sign: `+1.20`, `-0.05`. */
export function formatSignedMiB(bytes: number): string {
  const text = formatMiB(bytes);
  return bytes >= 0 ? `+${text}` : text;
}

/** Formats a byte count rounded to whole bytes, with a sign when `signed`. */
export function formatBytes(bytes: number, signed = false): string {
  const rounded = Math.round(bytes);
  return signed && rounded >= 0 ? `+${rounded}` : String(rounded);
}

/** Header of the figures table; MiB columns are medians, per-bucket columns are bytes. */
export const FIGURES_HEADER = [
  'service',
  'before MiB',
  'after MiB',
  'delta MiB',
  'B/bucket',
  'control delta MiB',
  'net B/bucket',
];

/** Builds one row of the figures table. */
export function figuresRow(service: string, figures: BucketMemoryFigures): string[] {
  return [
    service,
    formatMiB(figures.beforeBytes),
    formatMiB(figures.afterBytes),
    formatSignedMiB(figures.deltaBytes),
    formatBytes(figures.perBucketBytes, true),
    formatSignedMiB(figures.controlDeltaBytes),
    formatBytes(figures.netPerBucketBytes, true),
  ];
}

/**
 * Renders rows as a plain-text table: columns padded to their widest cell,
 * two spaces apart, the first column left-aligned and the others
 * right-aligned, with a dashed line under the header.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const renderRow = (cells: readonly string[]) =>
    widths
      .map((width, column) => {
        const cell = cells[column] ?? '';
        return column === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();

  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [renderRow(header), rule, ...rows.map(renderRow)];
}
