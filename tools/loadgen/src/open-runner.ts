import { performance } from 'node:perf_hooks';
import { ArrivalSchedule } from './rate-plan';
import type { RequestOutcome, RequestSender } from './request-sender';
import type { TraceParentFactory } from './trace-context';
import type { OpenWorkerSpec } from './worker-protocol';
import type { WorkerRecorder } from './worker-recorder';

interface WaitingRequest {
  intendedAt: number;
  stageIndex: number;
}

/**
 * Below this wait the scheduler polls with setImmediate instead of a timer,
 * because Node timers have 1 ms resolution. Polling longer waits would keep a
 * core busy that the server under test needs on a small machine. Measured at
 * 2000/s on a 2-core VM: polling every wait under 2 ms used about 1.7 cores,
 * polling waits under 0.5 ms about 0.4 cores, with 1.7% of sends over 1 ms late.
 */
const spinThresholdMs = 0.5;

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
    private readonly sender: RequestSender,
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
    if (waitMs >= spinThresholdMs) {
      this.timeout = setTimeout(this.tick, Math.max(1, Math.floor(waitMs)));
    } else {
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
