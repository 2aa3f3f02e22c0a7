import { encodeHistogram, percentilesOf } from './histogram';
import type { StageResult } from './load-types';
import { StageTotals } from './stage-stats';

/** Where a stage sat in time, for turning counts into rates. */
export interface StageWindow {
  targetRate: number | undefined;
  /** Unix time in ms of the stage's first intended send. */
  startAt: number;
  /** Planned length; the actual window is longer when the last send was late. */
  plannedMs: number;
  lateThresholdMs: number;
}

/** Summarises one stage's totals; rates use the planned window or, when sends ran late, the actual one. */
export function stageResult(totals: StageTotals, window: StageWindow): StageResult {
  const sendIntervalMs = window.targetRate === undefined ? 0 : 1000 / window.targetRate;
  const actualMs = totals.lastSentAt > 0 ? totals.lastSentAt - window.startAt + sendIntervalMs : 0;
  const durationMs = Math.max(window.plannedMs, actualMs);
  const seconds = durationMs / 1000;
  const errorTotal = totals.errorCount();
  const statusErrors = Object.entries(totals.errors)
    .filter(([errorClass]) => errorClass.startsWith('status_'))
    .reduce((sum, [, count]) => sum + count, 0);
  const ok = totals.responses - statusErrors;

  return {
    targetRate: window.targetRate,
    achievedRate: seconds > 0 ? round1(totals.sent / seconds) : 0,
    throughput: seconds > 0 ? round1(ok / seconds) : 0,
    durationMs: Math.round(durationMs),
    requests: { sent: totals.sent, responses: totals.responses, ok },
    errors: { total: errorTotal, byClass: { ...totals.errors } },
    lateSends: {
      count: totals.lateSends,
      share: totals.sent > 0 ? totals.lateSends / totals.sent : 0,
      thresholdMs: window.lateThresholdMs,
      maxLatenessMs: Math.round(totals.maxLatenessMs * 1000) / 1000,
    },
    connectionWaits: totals.connectionWaits,
    latency: percentilesOf(totals.latency),
    serviceTime: percentilesOf(totals.serviceTime),
    histograms: { latency: encodeHistogram(totals.latency), serviceTime: encodeHistogram(totals.serviceTime) },
  };
}

/** Adds up the totals of several stages into one. */
export function sumTotals(stages: readonly StageTotals[]): StageTotals {
  const sum = new StageTotals();
  for (const stage of stages) {
    sum.sent += stage.sent;
    sum.responses += stage.responses;
    sum.lateSends += stage.lateSends;
    sum.maxLatenessMs = Math.max(sum.maxLatenessMs, stage.maxLatenessMs);
    sum.connectionWaits += stage.connectionWaits;
    sum.lastSentAt = Math.max(sum.lastSentAt, stage.lastSentAt);
    for (const [errorClass, count] of Object.entries(stage.errors)) {
      sum.errors[errorClass] = (sum.errors[errorClass] ?? 0) + count;
    }
    sum.latency.add(stage.latency);
    sum.serviceTime.add(stage.serviceTime);
  }
  return sum;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
