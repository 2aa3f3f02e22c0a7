import type { Histogram } from 'hdr-histogram-js';
import { createHistogram, decodeHistogram, encodeHistogram, recordMillis } from './histogram';

/** Counters and histograms of one stage, sent from a worker to the main thread. */
export interface StageDelta {
  stageIndex: number;
  /** Requests written to a connection. */
  sent: number;
  /** Responses received, whatever their status. */
  responses: number;
  /** Sends more than the late threshold after their intended time. */
  lateSends: number;
  maxLatenessMs: number;
  /** Requests that waited for a free connection before they were sent. */
  connectionWaits: number;
  /** Unix time in ms of the stage's last send in this delta, or 0 when there was none. */
  lastSentAt: number;
  errors: Record<string, number>;
  latency: string;
  serviceTime: string;
}

/**
 * Collects what one worker measured for one stage since its last delta:
 * latency from the intended send time and service time from the actual send,
 * in microsecond histograms.
 */
export class StageStats {
  sent = 0;
  responses = 0;
  lateSends = 0;
  maxLatenessMs = 0;
  connectionWaits = 0;
  lastSentAt = 0;
  errors: Record<string, number> = {};
  readonly latency = createHistogram();
  readonly serviceTime = createHistogram();

  constructor(readonly stageIndex: number) {}

  /** Counts a failed request under its error class. */
  countError(errorClass: string): void {
    this.errors[errorClass] = (this.errors[errorClass] ?? 0) + 1;
  }

  /** Records a received response. */
  recordResponse(latencyMs: number, serviceTimeMs: number): void {
    this.responses++;
    recordMillis(this.latency, latencyMs);
    recordMillis(this.serviceTime, serviceTimeMs);
  }

  /** Returns true when nothing was counted since the last delta. */
  isEmpty(): boolean {
    return this.sent === 0 && this.responses === 0 && Object.keys(this.errors).length === 0;
  }

  /** Returns what was counted since the last call, and starts counting from zero. */
  takeDelta(): StageDelta {
    const delta: StageDelta = {
      stageIndex: this.stageIndex,
      sent: this.sent,
      responses: this.responses,
      lateSends: this.lateSends,
      maxLatenessMs: this.maxLatenessMs,
      connectionWaits: this.connectionWaits,
      lastSentAt: this.lastSentAt,
      errors: this.errors,
      latency: encodeHistogram(this.latency),
      serviceTime: encodeHistogram(this.serviceTime),
    };
    this.sent = 0;
    this.responses = 0;
    this.lateSends = 0;
    this.maxLatenessMs = 0;
    this.connectionWaits = 0;
    this.lastSentAt = 0;
    this.errors = {};
    this.latency.reset();
    this.serviceTime.reset();
    return delta;
  }
}

/** The totals of one stage over all workers, built from their deltas on the main thread. */
export class StageTotals {
  sent = 0;
  responses = 0;
  lateSends = 0;
  maxLatenessMs = 0;
  connectionWaits = 0;
  lastSentAt = 0;
  readonly errors: Record<string, number> = {};
  readonly latency: Histogram = createHistogram();
  readonly serviceTime: Histogram = createHistogram();

  /** Adds a worker's delta. */
  add(delta: StageDelta): void {
    this.sent += delta.sent;
    this.responses += delta.responses;
    this.lateSends += delta.lateSends;
    this.maxLatenessMs = Math.max(this.maxLatenessMs, delta.maxLatenessMs);
    this.connectionWaits += delta.connectionWaits;
    this.lastSentAt = Math.max(this.lastSentAt, delta.lastSentAt);
    for (const [errorClass, count] of Object.entries(delta.errors)) {
      this.errors[errorClass] = (this.errors[errorClass] ?? 0) + count;
    }
    if (delta.responses > 0) {
      this.latency.add(decodeHistogram(delta.latency));
      this.serviceTime.add(decodeHistogram(delta.serviceTime));
    }
  }

  /** Returns the number of failed requests of all classes. */
  errorCount(): number {
    return Object.values(this.errors).reduce((sum, count) => sum + count, 0);
  }
}
