import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { SampledTraces } from './sampled-traces';
import { StageTotals } from './stage-stats';
import type { FromWorkerMessage, ToWorkerMessage, WorkerSpec } from './worker-protocol';

/** Lead time between the start message and the first send, so every worker begins on the same clock. */
const startLeadMs = 20;

/** Callbacks of a worker group, called on the main thread. */
export interface WorkerGroupHooks {
  /** Called once the start time is set and sent to the workers. */
  onStarted?: () => void;
  /** Called once every closed-model worker has opened all its connections. */
  onAllConnected?: () => void;
}

/** Samples and connection counts returned by the workers once all have finished. */
export interface WorkerGroupOutcome {
  samples: SampledTraces[];
  peakConnections: number;
  /** Unix time in ms at which the last worker finished. */
  finishedAt: number;
}

/**
 * Starts load workers, merges their per-stage deltas into totals on the main
 * thread, and resolves when every worker has finished.
 */
export class WorkerGroup {
  readonly totals: StageTotals[];
  /** Unix time in ms of the first intended send. */
  startAt = 0;
  private readonly workers: Worker[];
  private readonly openConnections: number[];
  private readonly samples: SampledTraces[] = [];
  private peakConnections = 0;
  private readonly connectedWorkers = new Set<number>();

  constructor(
    specs: readonly WorkerSpec[],
    stageCount: number,
    private readonly hooks: WorkerGroupHooks = {},
  ) {
    this.totals = Array.from({ length: stageCount }, () => new StageTotals());
    this.workers = specs.map(spawnWorker);
    this.openConnections = specs.map(() => 0);
  }

  /** Returns the connections open now over all workers, as of their last report. */
  get connections(): number {
    return this.openConnections.reduce((sum, count) => sum + count, 0);
  }

  /** Waits for every worker to be ready, starts them together and resolves when all have finished. */
  async run(): Promise<WorkerGroupOutcome> {
    const finished = Promise.all(this.workers.map((worker, index) => this.follow(worker, index)));
    try {
      await Promise.race([finished, Promise.all(this.workers.map((worker) => waitForReady(worker)))]);
      this.startAt = performance.timeOrigin + performance.now() + startLeadMs;
      this.broadcast({ type: 'start', startAt: this.startAt });
      this.hooks.onStarted?.();
      await finished;
    } catch (error) {
      await Promise.all(this.workers.map((worker) => worker.terminate()));
      throw error;
    }
    return { samples: this.samples, peakConnections: this.peakConnections, finishedAt: Date.now() };
  }

  /** Sends a message to every worker. */
  broadcast(message: ToWorkerMessage): void {
    for (const worker of this.workers) {
      worker.postMessage(message);
    }
  }

  private follow(worker: Worker, index: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let done = false;
      worker.on('message', (message: FromWorkerMessage) => {
        if (message.type === 'delta' || message.type === 'done') {
          for (const delta of message.deltas) {
            this.totals[delta.stageIndex]?.add(delta);
          }
          this.openConnections[index] = message.openConnections;
        }
        if (message.type === 'connected') {
          this.openConnections[index] = message.openConnections;
          this.connectedWorkers.add(index);
          if (this.connectedWorkers.size === this.workers.length) {
            this.hooks.onAllConnected?.();
          }
        }
        if (message.type === 'done') {
          done = true;
          this.samples.push(message.samples);
          // TODO: this adds each worker's own peak, which may not coincide; sampling the
          // sum of open connections on the main thread would give the true peak.
          this.peakConnections += message.peakConnections;
          resolve();
        }
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (!done) {
          reject(new Error(`load worker ${index} exited with code ${code} before it finished`));
        }
      });
    });
  }
}

function waitForReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWorkerMessage): void => {
      if (message.type === 'ready') {
        worker.off('message', onMessage);
        resolve();
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

function spawnWorker(spec: WorkerSpec): Worker {
  if (!__filename.endsWith('.ts')) {
    return new Worker(join(__dirname, 'worker.js'), { workerData: spec });
  }

  // Running from TypeScript sources (under ts-jest) there is no compiled worker,
  // so the worker compiles each module as it loads it, with the TypeScript
  // compiler, a dev dependency.
  const bootstrap = `
    const ts = require(${JSON.stringify(require.resolve('typescript'))});
    const { readFileSync } = require('node:fs');
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    require.extensions['.ts'] = (module, fileName) => {
      const source = readFileSync(fileName, 'utf8');
      module._compile(ts.transpileModule(source, { fileName, compilerOptions }).outputText, fileName);
    };
    require(${JSON.stringify(join(__dirname, 'worker.ts'))});`;
  return new Worker(bootstrap, { eval: true, workerData: spec });
}
