import { performance } from 'node:perf_hooks';
import { ArrivalSchedule } from './rate-plan';
import type { Http1Pool, RequestOutcome } from './http1-pool';
import type { TraceParentFactory } from './trace-context';
import type { OpenWorkerSpec } from './worker-protocol';
import type { WorkerRecorder } from './worker-recorder';

interface WaitingRequest {
  intendedAt: number;
  stageIndex: number;
}

/**
 * Waits shorter than this are slept out in slices instead of handed to a
 * timer. Node timers have 1 ms resolution and may fire up to about 1 ms
 * later still, which would make most sends late at high rates.
 */
const timerThresholdMs = 2;

/**
 * Maximum slice the worker sleeps (`Atomics.wait`, which takes no CPU)
 * before it runs its event loop again, so responses that arrive during the
 * sleep are read at most this late. Polling with setImmediate instead kept
 * each worker's core busy and slowed the server under test.
 */
const sleepSliceMs = 0.1;

/** Cell that `Atomics.wait` sleeps on; nothing ever wakes it early. */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Sends one worker's share of an open-model load. Each request's intended
 * send time comes from the clock and the rate alone, never from earlier
 * responses, so a slow server cannot slow the arrival rate down and hide its
 * own stalls (coordinated omission).
 * When all connections are busy, due requests wait in a FIFO queue; that wait
 * counts in their latency and makes them late sends.
 */
export class OpenModelRunner {
  private readonly schedule: ArrivalSchedule;
  private readonly waiting: WaitingRequest[] = [];
  private waitingHead = 0;
  private inFlight = 0;
  private startedAt = 0;
  private stopped = false;
  private finished = false;
  private timeout: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly spec: OpenWorkerSpec,
    private readonly sender: Http1Pool,
    private readonly traces: TraceParentFactory,
    private readonly recorder: WorkerRecorder,
    private readonly onDone: () => void,
  ) {
    this.schedule = new ArrivalSchedule(spec.stages, spec.workerIndex, spec.workerCount);
  }

  /** Starts sending at `startAt`, a Unix time in milliseconds shared by all workers. */
  start(startAt: number): void {
    this.startedAt = startAt - performance.timeOrigin;
    this.tick();
  }

  /** Stops scheduling new requests; those in flight finish, those waiting are dropped. */
  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
    this.waitingHead = 0;
    this.finishIfIdle();
  }

  private readonly tick = (): void => {
    this.timeout = undefined;
    this.immediate = undefined;
    if (this.stopped) {
      return;
    }

    const now = performance.now();
    let offset = this.schedule.peekOffsetMs();
    while (offset !== undefined && this.startedAt + offset <= now) {
      this.submit({ intendedAt: this.startedAt + offset, stageIndex: this.schedule.currentStage });
      this.schedule.advance();
      offset = this.schedule.peekOffsetMs();
    }

    if (offset === undefined) {
      this.finishIfIdle();
      return;
    }
    const waitMs = this.startedAt + offset - performance.now();
    if (waitMs >= timerThresholdMs) {
      // Wakes up to 1 ms early, and the slices cover the rest.
      this.timeout = setTimeout(this.tick, Math.floor(waitMs) - 1);
    } else {
      Atomics.wait(sleepCell, 0, 0, Math.min(waitMs, sleepSliceMs));
      this.immediate = setImmediate(this.tick);
    }
  };

  private submit(request: WaitingRequest): void {
    if (this.inFlight < this.spec.connections) {
      this.dispatch(request);
      return;
    }
    this.recorder.stage(request.stageIndex).connectionWaits++;
    this.waiting.push(request);
  }

  private dispatch(request: WaitingRequest): void {
    const stats = this.recorder.stage(request.stageIndex);
    const now = performance.now();
    const latenessMs = now - request.intendedAt;
    stats.sent++;
    stats.lastSentAt = performance.timeOrigin + now;
    if (latenessMs > this.spec.lateThresholdMs) {
      stats.lateSends++;
    }
    stats.maxLatenessMs = Math.max(stats.maxLatenessMs, latenessMs);

    const trace = this.traces.next();
    this.inFlight++;
    this.sender.send(trace.header, (outcome: RequestOutcome) => {
      this.inFlight--;
      this.recorder.record(request.stageIndex, request.intendedAt, outcome, trace);
      this.sendWaiting();
      this.finishIfIdle();
    });
  }

  /** Sends waiting requests while connections are free; those past their timeout fail unsent. */
  private sendWaiting(): void {
    while (this.inFlight < this.spec.connections && this.waitingHead < this.waiting.length) {
      const request = this.waiting[this.waitingHead];
      this.waitingHead++;
      if (request === undefined) {
        break;
      }
      if (performance.now() - request.intendedAt > this.spec.timeoutMs) {
        this.recorder.stage(request.stageIndex).countError('timeout');
        continue;
      }
      this.dispatch(request);
    }

    if (this.waitingHead === this.waiting.length) {
      this.waiting.length = 0;
      this.waitingHead = 0;
    }
  }

  private finishIfIdle(): void {
    const scheduleDone = this.stopped || this.schedule.peekOffsetMs() === undefined;
    if (this.finished || !scheduleDone || this.inFlight > 0 || this.waitingHead < this.waiting.length) {
      return;
    }

    this.finished = true;
    this.stopped = true;
    clearTimeout(this.timeout);
    clearImmediate(this.immediate);
    this.onDone();
  }
}
