import { parentPort, workerData } from 'node:worker_threads';
import { ClosedModelRunner } from './closed-runner';
import { Http1Pool } from './http1-pool';
import { OpenModelRunner } from './open-runner';
import { TraceSampleStore } from './sampled-traces';
import { TraceParentFactory } from './trace-context';
import type { FromWorkerMessage, ToWorkerMessage, WorkerSpec } from './worker-protocol';
import { WorkerRecorder } from './worker-recorder';

/** Entry point of a load worker thread: builds its pool and runner, then follows the main thread's messages. */
function runWorker(spec: WorkerSpec): void {
  const port = parentPort;
  if (port === null) {
    throw new Error('the load worker must run in a worker thread');
  }
  const post = (message: FromWorkerMessage): void => {
    port.postMessage(message);
  };

  const url = new URL(spec.url);
  const connections = spec.model === 'open' ? spec.connections : spec.users;
  let openConnections = 0;
  let peakConnections = 0;
  const pool = new Http1Pool(url, {
    connections,
    timeoutMs: spec.timeoutMs,
    ...(spec.tracestate === undefined ? {} : { tracestate: spec.tracestate }),
    onConnect: () => {
      openConnections++;
      peakConnections = Math.max(peakConnections, openConnections);
      if (spec.model === 'closed' && openConnections === spec.users) {
        post({ type: 'connected', openConnections });
      }
    },
    onDisconnect: () => {
      openConnections--;
    },
  });

  const traces = new TraceParentFactory(spec.sampleRatio);
  const recorder = new WorkerRecorder(spec.model === 'open' ? spec.stages.length : 2, new TraceSampleStore(spec.traceSampleLimits));
  const deltaTimer = setInterval(() => {
    post({ type: 'delta', deltas: recorder.takeDeltas(), openConnections });
  }, spec.deltaIntervalMs);

  const onDone = (): void => {
    clearInterval(deltaTimer);
    const done: FromWorkerMessage = {
      type: 'done',
      deltas: recorder.takeDeltas(),
      samples: recorder.samples.snapshot(),
      openConnections,
      peakConnections,
    };
    void pool.close().finally(() => {
      post(done);
      port.close();
    });
  };
  const runner =
    spec.model === 'open'
      ? new OpenModelRunner(spec, pool, traces, recorder, onDone)
      : new ClosedModelRunner(spec, pool, traces, recorder, onDone);

  port.on('message', (message: ToWorkerMessage) => {
    if (message.type === 'start') {
      runner.start(message.startAt);
    } else if (message.type === 'plateau' && runner instanceof ClosedModelRunner) {
      runner.enterPlateau();
    } else if (message.type === 'stop') {
      runner.stop();
    }
  });
  post({ type: 'ready' });
}

runWorker(workerData as WorkerSpec);
