import type { MemorySamples } from './figures';
import type { RunMeasurement } from './measure';
import { formatMiB } from './table';
import { failedCount, type RequestTally } from './traffic';

/** Describes a round of samples: `before 14.05 MiB (median of 7, 13.90 to 14.20)`. */
export function memorySamplesText(label: string, samples: MemorySamples): string {
  const low = Math.min(...samples.samples);
  const high = Math.max(...samples.samples);
  return (
    `${label} ${formatMiB(samples.median)} MiB ` +
    `(median of ${samples.samples.length}, ${formatMiB(low)} to ${formatMiB(high)})`
  );
}

/** Describes the failed requests of a phase, `none` when every response was 2xx. */
export function failuresText(tally: RequestTally): string {
  if (failedCount(tally) === 0) {
    return 'none';
  }
  return Object.entries(tally.failures)
    .map(([reason, count]) => `${count} × ${reason}`)
    .join(', ');
}

/** Describes the failed requests of a run, by phase. */
export function runFailuresText(run: RunMeasurement): string {
  return `failed requests: warm-up ${failuresText(run.warmUp)}, clients ${failuresText(run.clients)}`;
}
