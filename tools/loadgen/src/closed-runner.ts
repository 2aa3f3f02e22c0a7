import { performance } from 'node:perf_hooks';
import type { Http1Pool, RequestOutcome } from './http1-pool';
import type { TraceParentFactory } from './trace-context';
import { type ClosedWorkerSpec, plateauStage, rampStage } from './worker-protocol';
import type { WorkerRecorder } from './worker-recorder';

/** Pause of a user after a transport error, so a refused connection does not become a busy loop. */
const retryDelayMs = 100;

/**
 * Runs one worker's share of a closed-model load: `users` loops, each with
 * exactly one request in flight, so the pool holds one connection per user.
 * Users start one every `rampIntervalMs` so that the server's accept queue
 * never sees a burst of connections.
 */
export class ClosedModelRunner {
  private startedUsers = 0;
  private inFlight = 0;
  private stageIndex = rampStage;
  private stopped = false;
  private finished = false;
  private rampTimer: NodeJS.Timeout | undefined;
  private rampStartedAt = 0;
  private readonly retryTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly spec: ClosedWorkerSpec,
    private readonly sender: Http1Pool,
    private readonly traces: TraceParentFactory,
    private readonly recorder: WorkerRecorder,
    private readonly onDone: () => void,
  ) {}

  /** Starts the ramp at `startAt`, a Unix time in milliseconds shared by all workers. */
  start(startAt: number): void {
    this.rampStartedAt = startAt - performance.timeOrigin;
    this.rampTimer = setTimeout(this.startDueUsers, Math.max(0, this.rampStartedAt - performance.now()));
  }

  /** Files later measurements under the plateau stage. */
  enterPlateau(): void {
    this.stageIndex = plateauStage;
  }

  /** Stops the users; each finishes its request in flight and sends no more. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.rampTimer);
    this.inFlight -= this.retryTimers.size;
    for (const timer of this.retryTimers) {
      clearTimeout(timer);
    }
    this.retryTimers.clear();
    this.finishIfIdle();
  }

  private readonly startDueUsers = (): void => {
    if (this.stopped) {
      return;
    }

    const elapsedMs = performance.now() - this.rampStartedAt;
    const due = Math.min(this.spec.users, Math.floor(elapsedMs / this.spec.rampIntervalMs) + 1);
    while (this.startedUsers < due) {
      this.startedUsers++;
      this.sendNext();
    }
    if (this.startedUsers < this.spec.users) {
      this.rampTimer = setTimeout(this.startDueUsers, this.spec.rampIntervalMs);
    }
  };

  private sendNext(): void {
    const stageIndex = this.stageIndex;
    const stats = this.recorder.stage(stageIndex);
    const trace = this.traces.next();
    stats.sent++;
    stats.lastSentAt = performance.timeOrigin + performance.now();
    this.inFlight++;
    this.sender.send(trace.header, (outcome: RequestOutcome) => {
      this.inFlight--;
      this.recorder.record(stageIndex, outcome.sentAt, outcome, trace);
      this.continueUser(outcome);
    });
  }

  private continueUser(outcome: RequestOutcome): void {
    if (this.stopped) {
      this.finishIfIdle();
      return;
    }
    if (outcome.statusCode > 0) {
      this.sendNext();
      return;
    }

    // The retrying user still counts as in flight, so the worker does not finish before it resumes.
    this.inFlight++;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.inFlight--;
      if (this.stopped) {
        this.finishIfIdle();
        return;
      }
      this.sendNext();
    }, retryDelayMs);
    this.retryTimers.add(timer);
  }

  private finishIfIdle(): void {
    if (this.finished || !this.stopped || this.inFlight > 0) {
      return;
    }
    this.finished = true;
    this.onDone();
  }
}
