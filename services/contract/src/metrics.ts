/** One sample of a Prometheus text exposition. */
export interface MetricSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const samplePattern = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/;
const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the samples of a Prometheus text exposition (version 0.0.4); comments are skipped. */
export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    const match = samplePattern.exec(line);
    if (match === null || line.startsWith('#')) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const label of (match[3] ?? '').matchAll(labelPattern)) {
      labels[label[1] ?? ''] = label[2] ?? '';
    }
    samples.push({ name: match[1] ?? '', labels, value: Number(match[4]) });
  }
  return samples;
}

/** Returns the sum of every sample named `name` (0 when there is none). */
export function metricSum(samples: readonly MetricSample[], name: string): number {
  return samples.filter((sample) => sample.name === name).reduce((sum, s) => sum + s.value, 0);
}
