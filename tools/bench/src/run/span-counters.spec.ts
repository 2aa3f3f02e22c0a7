import { spanDropsBetween, sumMetric, type SpanCounterReading } from './span-counters';

const COLLECTOR_METRICS = [
  '# HELP otelcol_receiver_refused_spans Number of spans that could not be pushed into the pipeline. [Alpha]',
  '# TYPE otelcol_receiver_refused_spans counter',
  'otelcol_receiver_refused_spans{receiver="otlp",transport="grpc"} 3',
  'otelcol_receiver_refused_spans{receiver="otlp",transport="http"} 2',
  'otelcol_receiver_accepted_spans{receiver="otlp",transport="grpc"} 1.2e+06',
  'otelcol_receiver_accepted_spans_other 99',
].join('\n');

describe('sumMetric', () => {
  it('adds every label set of a metric', () => {
    expect(sumMetric(COLLECTOR_METRICS, 'otelcol_receiver_refused_spans')).toBe(5);
  });

  it('reads exponent notation', () => {
    expect(sumMetric(COLLECTOR_METRICS, 'otelcol_receiver_accepted_spans')).toBe(1_200_000);
  });

  it('returns 0 for an absent metric', () => {
    expect(sumMetric(COLLECTOR_METRICS, 'otelcol_exporter_send_failed_spans')).toBe(0);
  });

  it('reads a metric without labels', () => {
    expect(sumMetric('telemetry_spans_dropped_total 7\n', 'telemetry_spans_dropped_total')).toBe(7);
  });
});

describe('spanDropsBetween', () => {
  const before: SpanCounterReading = {
    services: { 'go-api': 1, 'ts-api': 0 },
    collector: { accepted: 100, sent: 90, dropped: 0 },
  };

  it('gives the growth of each counter', () => {
    const after: SpanCounterReading = {
      services: { 'go-api': 1, 'ts-api': 4 },
      collector: { accepted: 600, sent: 590, dropped: 2 },
    };

    const drops = spanDropsBetween(before, after);

    expect(drops.services).toEqual({ 'go-api': 0, 'ts-api': 4 });
    expect(drops.collector?.accepted).toBe(500);
    expect(drops.collector?.dropped).toBe(2);
  });

  it('is null where a reading failed', () => {
    const after: SpanCounterReading = { services: { 'go-api': null, 'ts-api': 4 }, collector: null };

    const drops = spanDropsBetween(before, after);

    expect(drops.services['go-api']).toBeNull();
    expect(drops.collector).toBeNull();
  });
});
