import type { Percentiles } from '../histogram';
import type { LoadProgress, LoadResult, StageResult } from '../load-types';

/** Formats a progress update as one line. */
export function formatProgress(progress: LoadProgress): string {
  const seconds = (progress.elapsedMs / 1000).toFixed(0);
  const target = progress.targetRate === undefined ? '' : ` of ${progress.targetRate}/s`;
  const connections = progress.model === 'closed' ? `, ${progress.openConnections} connections` : '';
  return (
    `${seconds}s ${progress.phase}: ${progress.achievedRate}/s${target}, ${progress.sent} sent, ` +
    `p99 ${progress.p99Ms} ms, ${progress.errors} errors, ${progress.lateSends} late${connections}`
  );
}

/** Formats a result as the report that `triad load` prints. */
export function formatResult(result: LoadResult): string[] {
  const lines = [
    `${result.model} model, ${result.url}${result.stopped ? ' (stopped early)' : ''}`,
    ...formatStage(result),
    `  workers        ${result.workers}, connections ${result.peakConnections} open at peak (limit ${result.connections})`,
    `  sampled        ${formatTraces(result)}`,
  ];
  if (result.plateau !== undefined) {
    lines.push(`  plateau        ${result.plateau.connections} connections after ${result.plateau.elapsedMs} ms, held ${result.plateau.durationMs} ms`);
  }
  if (result.stages.length > 1) {
    result.stages.forEach((stage, index) => {
      lines.push(`stage ${index + 1}${stage.targetRate === undefined ? '' : ` (${stage.targetRate}/s)`}`, ...formatStage(stage));
    });
  }
  return lines;
}

function formatStage(stage: StageResult): string[] {
  const target = stage.targetRate === undefined ? '' : ` of ${stage.targetRate}/s target`;
  const late = `${stage.lateSends.count} (${(stage.lateSends.share * 100).toFixed(2)}%) over ${stage.lateSends.thresholdMs} ms`;
  return [
    `  rate           ${stage.achievedRate}/s achieved${target}, throughput ${stage.throughput}/s over ${stage.durationMs} ms`,
    `  requests       ${stage.requests.sent} sent, ${stage.requests.responses} responses, ${stage.requests.ok} ok`,
    `  errors         ${formatErrors(stage)}`,
    `  late sends     ${late}, max ${stage.lateSends.maxLatenessMs} ms; ${stage.connectionWaits} waited for a connection`,
    `  latency ms     ${formatPercentiles(stage.latency)}  (from intended send)`,
    `  service ms     ${formatPercentiles(stage.serviceTime)}  (from actual send)`,
  ];
}

function formatPercentiles(percentiles: Percentiles): string {
  const { p50, p90, p95, p99, p999, max } = percentiles;
  return `p50 ${p50}  p90 ${p90}  p95 ${p95}  p99 ${p99}  p99.9 ${p999}  max ${max}`;
}

function formatErrors(stage: StageResult): string {
  if (stage.errors.total === 0) {
    return 'none';
  }
  const classes = Object.entries(stage.errors.byClass).map(([errorClass, count]) => `${errorClass} ${count}`);
  return `${stage.errors.total} (${classes.join(', ')})`;
}

function formatTraces(result: LoadResult): string {
  const { sampledRequests, slowest } = result.sampledTraces;
  const slowestTrace = slowest[0];
  const slowestText = slowestTrace === undefined ? '' : `; slowest trace ${slowestTrace.traceId} (${slowestTrace.latencyMs} ms)`;
  return `${sampledRequests} requests sampled${slowestText}`;
}
