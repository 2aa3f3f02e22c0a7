import { round } from './format';
import {
  SERVICE_NAMES,
  type CollectorSpanCounts,
  type ScenarioReport,
  type ServiceName,
  type TracingCost,
  type TracingCostReport,
} from './types';

/** Spans dropped during the sampled tracing-cost runs, by the services' SDKs and by the Collector. */
export interface SpanDrops {
  /** Growth of each service's `telemetry_spans_dropped_total`; null when its /metrics failed. */
  services: Partial<Record<ServiceName, number | null>>;
  /** Null when the Collector's metrics failed. */
  collector: CollectorSpanCounts | null;
}

/**
 * Pairs each service's tracing scenario with every request sampled and the
 * one with the SDK disabled. Returns undefined when no service has both.
 */
export function buildTracingCost(
  scenarios: readonly ScenarioReport[],
  drops: SpanDrops | undefined,
): TracingCostReport | undefined {
  const tracing = scenarios.filter((scenario) => scenario.kind === 'tracing');
  const services: TracingCost[] = [];
  for (const service of SERVICE_NAMES) {
    const sampled = tracing.find((scenario) => scenario.target === service && scenario.tracing === 'sampled');
    const disabled = tracing.find((scenario) => scenario.target === service && scenario.tracing === 'disabled');
    if (sampled === undefined || disabled === undefined) {
      continue;
    }
    services.push(compareRuns(service, sampled, disabled, drops?.services[service] ?? null));
  }

  const first = tracing[0];
  if (services.length === 0 || first === undefined) {
    return undefined;
  }
  return {
    rate: first.rate ?? 0,
    duration_s: first.duration_s,
    services,
    collector: drops?.collector ?? null,
  };
}

function compareRuns(
  service: ServiceName,
  sampled: ScenarioReport,
  disabled: ScenarioReport,
  sdkSpansDropped: number | null,
): TracingCost {
  const cpuSampled = cpuUsPerRequest(sampled);
  const cpuDisabled = cpuUsPerRequest(disabled);
  const growth =
    cpuSampled === null || cpuDisabled === null || cpuDisabled === 0 ? null : round(cpuSampled / cpuDisabled - 1, 4);
  return {
    service,
    p99_ms_sampled: sampled.latency_ms.p99,
    p99_ms_disabled: disabled.latency_ms.p99,
    p99_increase_ms: round(sampled.latency_ms.p99 - disabled.latency_ms.p99, 2),
    cpu_us_per_request_sampled: cpuSampled,
    cpu_us_per_request_disabled: cpuDisabled,
    cpu_per_request_growth: growth,
    sdk_spans_dropped: sdkSpansDropped,
  };
}

/** Returns the service's CPU time per request in microseconds, or null when it was not measured. */
export function cpuUsPerRequest(scenario: ScenarioReport): number | null {
  const seconds = scenario.cpu?.service_seconds;
  if (seconds === undefined || scenario.requests === 0) {
    return null;
  }
  return round((seconds * 1e6) / scenario.requests, 2);
}
