import { readFileSync } from 'node:fs';
import path from 'node:path';

import { runClosedLoad, runOpenLoad, runVegeta, constantRate, type LoadResult } from '@triad/loadgen';
import { buildImages, buildServices, ContainerRuntime, findRepoRoot, type StackEvent, type StackRuntime } from '@triad/stack';

import { checkReportDir, findChromium } from '../check/browser-check';
import { buildReport, type RunResults } from '../report/build';
import { formatMs, formatNumber } from '../report/format';
import type { SpanDrops } from '../report/tracing-cost';
import type {
  BenchReport,
  ImageSize,
  InstrumentCheck,
  InstrumentRun,
  MachineInfo,
  ScenarioReport,
  ServiceName,
  TracingMode,
} from '../report/types';
import { writeReport } from '../report/write';
import { describeMachine, describeRuntime, type RunningService } from './machine';
import type { BenchOptions } from './options';
import type { Output } from './output';
import { PROFILES, type Profile } from './profiles';
import { runScenario, sampleResidentMemory, scenarioUrl, type ScenarioPlan, type ScenarioRun } from './scenarios';
import { readSpanCounters, spanDropsBetween } from './span-counters';
import { benchStack, collectorMetricsUrl, dotnetNet10Built, jaegerUrl, runningDotnetNet10, runningServices } from './stack';
import { verifyTraces } from './verify';

/** The simulated wait of the latency and aggregate scenarios: the services' default. */
export const DEFAULT_SIMULATED_IO_MS = 50;

// Spans leave the services in batches (the SDKs' default delay is 5 s), so
// the look-ups of one phase get this long in all before a trace counts as missing.
const TRACE_LOOKUP_BUDGET_MS = 20_000;
const MIN_RSS_SAMPLES = 3;
const IDLE_SAMPLE_MS = 1000;
// The SDKs export a partial batch every 5 s (the default OTEL_BSP_SCHEDULE_DELAY) and the
// Collector batches for 200 ms, so traces and span counters are read this long after a traced run.
const SPAN_EXPORT_WAIT_MS = 6000;

/** Raised when the run was interrupted (Ctrl-C, SIGTERM). */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

/** The outcome of a run: the report, its folder and the browser check's verdict. */
export interface BenchOutcome {
  report: BenchReport;
  reportDir: string;
  browserCheckPassed: boolean | undefined;
}

/**
 * A stack this run deployed. Only a stack whose `up` succeeded here is torn
 * down: a failed `up` stops what it started itself, and a stack that was
 * already running belongs to someone else.
 */
interface DeployedStack {
  runtime: StackRuntime;
  deployed: boolean;
}

interface PhaseResult {
  scenarios: ScenarioReport[];
  instrument?: InstrumentCheck;
  stackAtRestMb?: Record<string, number>;
  idleRssMb: Partial<Record<ServiceName, number>>;
  machine?: MachineInfo;
  problems: string[];
  spanDrops?: SpanDrops;
}

/**
 * Runs the main job: build, then three phases, each on a fresh start of the
 * stack. The first runs the connections scenario with a long simulated wait.
 * The second runs the untraced half of the tracing cost with the SDKs
 * disabled. The third runs the latency and aggregate scenarios with the
 * default wait, then the traced half of the tracing cost. Traces are verified after the first and
 * the third phase, then the report is written and checked in a browser. The
 * stack is torn down at the end, also on failure or interruption, unless
 * `teardown` is off.
 */
export async function runBench(
  options: BenchOptions,
  output: Output,
  signal: AbortSignal,
  command: string,
): Promise<BenchOutcome> {
  const profile = PROFILES[options.profile];
  const root = findRepoRoot();
  const startedAt = new Date();
  const notes: string[] = [];
  let stack: DeployedStack | undefined;

  output.title(`triad bench, ${profile.name} profile: ${profile.description}`);
  output.note(`services: ${options.services.join(', ')}; runtime: ${options.runtime}`);
  try {
    await buildStep(options, root, output);

    stack = newStack(root, options, profile.connectionsSimulatedIoMs);
    const images = await imageSizes(root, options.services, stack.runtime, output);
    const connections = await connectionsPhase(stack, profile, options, output, signal);
    await stopStack(stack.runtime, output, 'connections phase done');
    stack = undefined;

    stack = newStack(root, options, DEFAULT_SIMULATED_IO_MS, true);
    const untraced = await untracedPhase(stack, profile, options, output, signal);
    await stopStack(stack.runtime, output, 'untraced phase done');
    stack = undefined;

    stack = newStack(root, options, DEFAULT_SIMULATED_IO_MS, false, compareDotnetNet10(root, options, output));
    const latency = await latencyPhase(stack, profile, options, output, signal);
    if (!options.teardown) {
      // Left running on purpose; the finally block must not stop it.
      stack = undefined;
      output.note('The stack is left running (--no-teardown); stop it with `triad stack down`.');
    }

    notes.push(...phaseNotes(profile, options, [...connections.problems, ...latency.problems]));
    const results: RunResults = {
      profile: profile.name,
      runtime: options.runtime,
      startedAt,
      finishedAt: new Date(),
      settings: {
        services: options.services,
        simulated_io_ms: DEFAULT_SIMULATED_IO_MS,
        connections_simulated_io_ms: profile.connectionsSimulatedIoMs,
        warmup_s: profile.warmupSeconds,
        latency_rates: profile.latencyRates,
        connection_counts: profile.connectionCounts,
        aggregate_rate: profile.aggregateRate,
        trace_sample_rate: profile.traceSampleRate,
        command,
      },
      machine: latency.machine ?? connections.machine ?? (await describeMachine([])),
      scenarios: [...latency.scenarios, ...untraced.scenarios, ...connections.scenarios],
      idleRssMb: connections.idleRssMb,
      limits: {
        maxErrorShare: profile.maxErrorShare,
        minAchievedShare: profile.minAchievedShare,
        minRssSamples: MIN_RSS_SAMPLES,
      },
      notes,
      memorySource: options.runtime === 'container' ? 'cgroup' : 'VmRSS',
      ...(images === undefined ? {} : { images }),
      ...(connections.stackAtRestMb === undefined ? {} : { stackAtRestMb: connections.stackAtRestMb }),
      ...(latency.instrument === undefined ? {} : { instrument: latency.instrument }),
      ...(latency.spanDrops === undefined ? {} : { spanDrops: latency.spanDrops }),
    };
    return await reportStep(buildReport(results), options, output);
  } finally {
    if (stack?.deployed === true) {
      await stopStack(stack.runtime, output, signal.aborted ? 'interrupted' : 'teardown');
    }
  }
}

function newStack(root: string, options: BenchOptions, simulatedIoMs: number, tracingDisabled = false, dotnetNet10 = false): DeployedStack {
  const runtime = benchStack({
    root,
    services: options.services,
    simulatedIoMs,
    env: process.env,
    runtime: options.runtime,
    tracingDisabled,
    dotnetNet10,
  });
  return { runtime, deployed: false };
}

// The latency phase also runs dotnet-api's .NET 10 build, when it is built,
// so that one run compares the service on .NET 8 and .NET 10. Only the local
// runtime does, because the image contains the .NET 8 build alone.
function compareDotnetNet10(root: string, options: BenchOptions, output: Output): boolean {
  if (!options.services.includes('dotnet-api')) return false;
  if (options.runtime !== 'local') {
    output.note('dotnet-api on .NET 10: compared on the local runtime only');
    return false;
  }
  if (!dotnetNet10Built(root)) {
    output.note('dotnet-api on .NET 10: skipped, services/dotnet-api/dist-net10 is not built (`npx nx run dotnet-api:build` builds it)');
    return false;
  }
  return true;
}

async function buildStep(options: BenchOptions, root: string, output: Output): Promise<void> {
  output.title('build');
  const startedAt = Date.now();
  if (options.runtime === 'container') {
    // The e2e target's dependsOn builds the services but not the images, so
    // --no-build does not skip them; Nx restores unchanged images from its cache.
    await buildImages(root);
    output.note(`built the images of the services, the Collector and Jaeger in ${seconds(Date.now() - startedAt)}`);
    return;
  }
  if (!options.build) {
    output.note('skipped (--no-build): Nx built the services before this task');
    return;
  }
  await buildServices(root);
  output.note(`built go-api, dotnet-api and ts-api in ${seconds(Date.now() - startedAt)}`);
}

// The sizes of the images a container run uses, as the engine reports them.
// On local processes, the sizes the last image build recorded in
// dist/images, for the services that have one; undefined when none has.
async function imageSizes(root: string, services: readonly ServiceName[], runtime: StackRuntime, output: Output): Promise<ImageSize[] | undefined> {
  if (!(runtime instanceof ContainerRuntime)) {
    const recorded = services.flatMap((service) => recordedImageSize(root, service));
    if (recorded.length === 0) return undefined;
    output.note(`images, from the last image build (dist/images): ${recorded.map((size) => `${size.image} ${formatNumber(size.size_mb, 1)} MB`).join(', ')}`);
    return recorded;
  }
  const sizes = (await runtime.imageSizes()).map(({ part, image, bytes }): ImageSize => ({ part, image, size_mb: toMb(bytes), source: 'engine' }));
  output.note(`images: ${sizes.map((size) => `${size.image} ${formatNumber(size.size_mb, 1)} MB`).join(', ')}`);
  return sizes;
}

function recordedImageSize(root: string, service: ServiceName): ImageSize[] {
  try {
    const recorded = JSON.parse(readFileSync(path.join(root, 'dist', 'images', `${service}.json`), 'utf8')) as { tag?: unknown; sizeBytes?: unknown };
    if (typeof recorded.tag !== 'string' || typeof recorded.sizeBytes !== 'number') return [];
    return [{ part: service, image: recorded.tag, size_mb: toMb(recorded.sizeBytes), source: 'build-report' }];
  } catch {
    return [];
  }
}

function toMb(bytes: number): number {
  return Math.round(bytes / 1e5) / 10;
}

async function deploy(
  stack: DeployedStack,
  services: readonly ServiceName[],
  simulatedIoMs: number,
  output: Output,
  tracingDisabled = false,
): Promise<{ running: RunningService[]; jaeger: string; dotnetNet10: RunningService | undefined; parts: { name: string; pid: number }[] }> {
  const where = stack.runtime.name === 'container' ? 'containers' : 'local processes';
  const tracing = tracingDisabled ? ', OTEL_SDK_DISABLED=true' : '';
  output.title(`deploy (${where}, SIMULATED_IO_MS=${simulatedIoMs}${tracing})`);
  const startedAt = Date.now();
  const state = await stack.runtime.up({
    onEvent: (event: StackEvent) => {
      if (event.type === 'ready') {
        output.note(`${event.part} ready at ${event.url} (${seconds(event.elapsedMs)})`);
      }
    },
  });
  stack.deployed = true;
  output.note(`stack up in ${seconds(Date.now() - startedAt)}`);
  return {
    running: runningServices(state, services),
    jaeger: jaegerUrl(state),
    dotnetNet10: runningDotnetNet10(state),
    parts: state.parts.map((part) => ({ name: part.name, pid: part.pid })),
  };
}

async function connectionsPhase(
  stack: DeployedStack,
  profile: Profile,
  options: BenchOptions,
  output: Output,
  signal: AbortSignal,
): Promise<PhaseResult> {
  const wait = profile.connectionsSimulatedIoMs;
  const { running, jaeger, parts } = await deploy(stack, options.services, wait, output);
  const machine = await describeMachine(running);
  const runs: ScenarioRun[] = [];
  const idleRssMb: Partial<Record<ServiceName, number>> = {};
  const residentMemory = (pid: number) => stack.runtime.memoryBytes(pid);
  const stackAtRestMb = await memoryAtRest(parts, residentMemory, stack.runtime, output, signal);

  for (const service of running) {
    const url = scenarioUrl(service.url, '/api/user');
    output.title(`connections: ${service.name}, warm-up and memory at rest`);
    await runClosedLoad({
      url,
      connections: Math.min(profile.connectionCounts[0] ?? 10, 50),
      durationMs: profile.warmupSeconds * 1000,
      timeoutMs: wait * 2 + 5000,
      sampleRatio: 0,
      signal,
    });
    throwIfAborted(signal);
    const idle = await sampleResidentMemory({ pid: service.pid, residentMemory, signal }, IDLE_SAMPLE_MS);
    if (idle.median !== null) {
      idleRssMb[service.name] = idle.median;
      output.note(`${memoryName(stack.runtime)} at rest: ${formatNumber(idle.median, 1)} MiB`);
    }

    for (const connections of profile.connectionCounts) {
      const plan: ScenarioPlan = {
        name: `connections ${service.name} ${connections}`,
        kind: 'connections',
        target: service.name,
        route: '/api/user',
        url,
        connections,
        durationMs: profile.connectionPlateauSeconds * 1000,
        simulatedIoMs: wait,
      };
      const run = await runScenario(plan, { profile, output, pid: service.pid, residentMemory, signal });
      throwIfAborted(signal);
      output.note(summarize(run.report));
      runs.push(run);
    }
  }

  const problems = await verifyStep(runs, jaeger, profile, output, signal);
  return { scenarios: runs.map((run) => run.report), idleRssMb, machine, problems, ...(stackAtRestMb === undefined ? {} : { stackAtRestMb }) };
}

// Samples every part of the freshly started stack at once, before any load,
// for the budget's memory of the whole stack at rest.
async function memoryAtRest(
  parts: readonly { name: string; pid: number }[],
  residentMemory: (pid: number) => number | undefined,
  runtime: StackRuntime,
  output: Output,
  signal: AbortSignal,
): Promise<Record<string, number> | undefined> {
  const figures = await Promise.all(
    parts.map(async (part) => ({ part: part.name, rss: await sampleResidentMemory({ pid: part.pid, residentMemory, signal }, IDLE_SAMPLE_MS) })),
  );
  const measured = figures.filter((figure) => figure.rss.median !== null);
  if (measured.length < parts.length) return undefined;
  const atRest = Object.fromEntries(measured.map((figure) => [figure.part, figure.rss.median ?? 0]));
  const total = Object.values(atRest).reduce((sum, value) => sum + value, 0);
  output.note(`${memoryName(runtime)} of the stack at rest: ${formatNumber(total, 1)} MiB (${measured.map((figure) => `${figure.part} ${formatNumber(figure.rss.median ?? 0, 1)}`).join(', ')})`);
  return atRest;
}

async function latencyPhase(
  stack: DeployedStack,
  profile: Profile,
  options: BenchOptions,
  output: Output,
  signal: AbortSignal,
): Promise<PhaseResult> {
  const { running, jaeger, dotnetNet10 } = await deploy(stack, options.services, DEFAULT_SIMULATED_IO_MS, output);
  const machine = await describeMachine(running);
  await warmUp(dotnetNet10 === undefined ? running : [...running, dotnetNet10], profile, output, signal);
  const net10Runtime = dotnetNet10 === undefined ? undefined : (await describeRuntime(dotnetNet10)).runtime;
  if (dotnetNet10 !== undefined) {
    output.note(`dotnet-api also runs on ${net10Runtime ?? 'unknown'} at ${dotnetNet10.url}, loaded after dotnet-api at each rate`);
  }

  const runs: ScenarioRun[] = [];
  output.title(`latency: GET /api/user at ${profile.latencyRates.map((rate) => `${rate}/s`).join(', ')}`);
  // Rates outer, services inner: a drift of the machine over the run then affects every service alike.
  for (const rate of profile.latencyRates) {
    for (const service of running) {
      const plan: ScenarioPlan = {
        name: `latency ${service.name} ${rate}/s`,
        kind: 'latency',
        target: service.name,
        route: '/api/user',
        url: scenarioUrl(service.url, '/api/user'),
        rate,
        durationMs: profile.latencySeconds * 1000,
        simulatedIoMs: DEFAULT_SIMULATED_IO_MS,
      };
      runs.push(await runAndSummarize(plan, profile, service.pid, stack.runtime, output, signal));
    }
    if (dotnetNet10 !== undefined) {
      const plan: ScenarioPlan = {
        name: `runtime dotnet-api .NET 10 ${rate}/s`,
        kind: 'runtime',
        target: 'dotnet-api',
        route: '/api/user',
        url: scenarioUrl(dotnetNet10.url, '/api/user'),
        rate,
        durationMs: profile.latencySeconds * 1000,
        simulatedIoMs: DEFAULT_SIMULATED_IO_MS,
        serviceRuntime: net10Runtime ?? 'unknown',
      };
      runs.push(await runAndSummarize(plan, profile, dotnetNet10.pid, stack.runtime, output, signal));
    }
  }

  const tsApi = running.find((service) => service.name === 'ts-api');
  if (tsApi !== undefined && running.length === 3) {
    output.title(`aggregate: GET /api/aggregate on ts-api at ${profile.aggregateRate}/s`);
    const plan: ScenarioPlan = {
      name: `aggregate ts-api ${profile.aggregateRate}/s`,
      kind: 'aggregate',
      target: 'ts-api',
      route: '/api/aggregate',
      url: scenarioUrl(tsApi.url, '/api/aggregate'),
      rate: profile.aggregateRate,
      durationMs: profile.aggregateSeconds * 1000,
      simulatedIoMs: DEFAULT_SIMULATED_IO_MS,
    };
    runs.push(await runAndSummarize(plan, profile, tsApi.pid, stack.runtime, output, signal));
  }

  const problems = await verifyStep(runs, jaeger, profile, output, signal);
  const instrument = await instrumentCheck(running, profile, output, signal);

  // The traced half of the tracing cost runs last: its spans keep the
  // Collector and Jaeger busy for a while, which would slow the scenarios
  // above, and its traces push theirs out of the in-memory Jaeger.
  const counterUrl = collectorMetricsUrl(process.env);
  const countersBefore = await readSpanCounters(running, counterUrl, signal);
  const traced = await tracingCostRuns(running, 'sampled', stack.runtime, profile, output, signal, async (run) =>
    // One traced run can make more traces than the in-memory Jaeger keeps (JAEGER_MAX_TRACES,
    // 100 000 by default), so each run's traces are looked up before the next run evicts them.
    verifyAfterExport([run], jaeger, profile, output, signal),
  );
  const spanDrops = spanDropsBetween(countersBefore, await readSpanCounters(running, counterUrl, signal));
  output.note(describeSpanDrops(spanDrops));

  problems.push(...traced.problems);
  const scenarios = [...runs, ...traced.runs].map((run) => run.report);
  return { scenarios, idleRssMb: {}, machine, problems, spanDrops, ...(instrument === undefined ? {} : { instrument }) };
}

// An unsampled traceparent for vegeta's requests, and the generator's
// sample ratio of 0 for its own: the services then make no spans, and
// Jaeger keeps the traces of the scenarios.
const UNSAMPLED_TRACEPARENT = '00-7269616400000000000000000000ca7e-7269616400000001-00';

/**
 * Measures the load generator against vegeta on the same endpoint (go-api's
 * user lookup when it runs), one tool after the other at the same rate,
 * then the generator alone at a high rate.
 */
async function instrumentCheck(
  running: readonly RunningService[],
  profile: Profile,
  output: Output,
  signal: AbortSignal,
): Promise<InstrumentCheck | undefined> {
  const target = running.find((service) => service.name === 'go-api') ?? running[0];
  if (target === undefined) return undefined;
  const url = scenarioUrl(target.url, '/api/user');
  const rate = profile.instrumentRate;
  const durationMs = profile.instrumentSeconds * 1000;
  output.title(
    `instrument check on ${target.name}: vegeta, then triad load, at ${formatNumber(rate)}/s for ${profile.instrumentSeconds} s each; ` +
      `then triad load at ${formatNumber(profile.instrumentHighRate)}/s`,
  );

  let vegeta: InstrumentRun | null = null;
  let vegetaNote: string | undefined;
  try {
    const result = await runVegeta({ url, rate, durationMs, headers: { traceparent: UNSAMPLED_TRACEPARENT }, signal });
    vegeta = {
      rate,
      duration_s: profile.instrumentSeconds,
      achieved_rate: result.rate,
      p50_ms: result.p50,
      p99_ms: result.p99,
      late_share: null,
      errors: Math.round(result.requests * (1 - result.success)),
    };
    output.note(`vegeta ${formatNumber(rate)}/s: p50 ${formatMs(result.p50)} ms, p99 ${formatMs(result.p99)} ms, achieved ${formatNumber(result.rate, 1)}/s`);
  } catch (error) {
    throwIfAborted(signal);
    vegetaNote = (error as Error).message;
    output.note(`vegeta: skipped, ${vegetaNote}`);
  }

  const triad = instrumentRun(await runOpenLoad({ url, stages: constantRate(rate, durationMs), sampleRatio: 0, signal }), rate);
  throwIfAborted(signal);
  output.note(describeInstrumentRun('triad load', triad));
  const highRate = profile.instrumentHighRate;
  const high = instrumentRun(
    await runOpenLoad({ url, stages: constantRate(highRate, profile.instrumentHighSeconds * 1000), sampleRatio: 0, signal }),
    highRate,
  );
  throwIfAborted(signal);
  output.note(describeInstrumentRun('triad load', high));
  return { target: target.name, vegeta, ...(vegetaNote === undefined ? {} : { vegeta_note: vegetaNote }), triad, high };
}

function instrumentRun(result: LoadResult, rate: number): InstrumentRun {
  return {
    rate,
    duration_s: Math.round(result.durationMs / 100) / 10,
    achieved_rate: Math.round(result.achievedRate * 10) / 10,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    late_share: result.lateSends.share,
    errors: result.errors.total,
  };
}

function describeInstrumentRun(tool: string, run: InstrumentRun): string {
  const late = run.late_share === null ? '' : `, ${formatNumber(run.late_share * 100, 2)}% late`;
  return `${tool} ${formatNumber(run.rate)}/s: p50 ${formatMs(run.p50_ms)} ms, p99 ${formatMs(run.p99_ms)} ms, achieved ${formatNumber(run.achieved_rate, 1)}/s${late}`;
}

/**
 * Runs the untraced half of the tracing cost on a start of the stack whose
 * services have OTEL_SDK_DISABLED=true. Nothing reaches Jaeger, so no trace
 * is looked up.
 */
async function untracedPhase(
  stack: DeployedStack,
  profile: Profile,
  options: BenchOptions,
  output: Output,
  signal: AbortSignal,
): Promise<PhaseResult> {
  const { running } = await deploy(stack, options.services, DEFAULT_SIMULATED_IO_MS, output, true);
  await warmUp(running, profile, output, signal);
  const { runs } = await tracingCostRuns(running, 'disabled', stack.runtime, profile, output, signal);
  return { scenarios: runs.map((run) => run.report), idleRssMb: {}, problems: [] };
}

async function warmUp(running: readonly RunningService[], profile: Profile, output: Output, signal: AbortSignal): Promise<void> {
  output.title(`warm-up: ${formatNumber(profile.warmupRate)}/s for ${profile.warmupSeconds} s per service`);
  for (const service of running) {
    await runOpenLoad({
      url: scenarioUrl(service.url, '/api/user'),
      stages: constantRate(profile.warmupRate, profile.warmupSeconds * 1000),
      sampleRatio: 0,
      signal,
    });
    throwIfAborted(signal);
    output.note(`${service.name} warmed up`);
  }
}

/**
 * Runs GET /api/user on each service at the profile's top latency rate with
 * the sampled flag on every request. With tracing `disabled` the services
 * ignore the flag, so both halves send the same requests. `afterEach` runs
 * after each service's run and returns trace problems.
 */
async function tracingCostRuns(
  running: readonly RunningService[],
  tracing: TracingMode,
  runtime: StackRuntime,
  profile: Profile,
  output: Output,
  signal: AbortSignal,
  afterEach?: (run: ScenarioRun) => Promise<string[]>,
): Promise<{ runs: ScenarioRun[]; problems: string[] }> {
  const rate = Math.max(...profile.latencyRates);
  const how = tracing === 'sampled' ? 'every request sampled' : 'SDK disabled';
  output.title(`tracing cost, ${how}: GET /api/user at ${formatNumber(rate)}/s for ${profile.tracingCostSeconds} s per service`);
  const runs: ScenarioRun[] = [];
  const problems: string[] = [];
  for (const service of running) {
    const plan: ScenarioPlan = {
      name: `tracing ${tracing} ${service.name} ${rate}/s`,
      kind: 'tracing',
      target: service.name,
      route: '/api/user',
      url: scenarioUrl(service.url, '/api/user'),
      rate,
      durationMs: profile.tracingCostSeconds * 1000,
      simulatedIoMs: DEFAULT_SIMULATED_IO_MS,
      sampleRatio: 1,
      tracing,
    };
    const run = await runAndSummarize(plan, profile, service.pid, runtime, output, signal);
    runs.push(run);
    problems.push(...(afterEach === undefined ? [] : await afterEach(run)));
  }
  return { runs, problems };
}

async function verifyAfterExport(
  runs: ScenarioRun[],
  jaeger: string,
  profile: Profile,
  output: Output,
  signal: AbortSignal,
): Promise<string[]> {
  output.note(`waiting ${seconds(SPAN_EXPORT_WAIT_MS)} for the last spans to be exported`);
  await delay(SPAN_EXPORT_WAIT_MS, signal);
  return verifyStep(runs, jaeger, profile, output, signal);
}

function describeSpanDrops(drops: SpanDrops): string {
  const count = (value: number | null | undefined) => (value == null ? 'not read' : formatNumber(value));
  const services = Object.entries(drops.services).map(([service, dropped]) => `${service} ${count(dropped)}`);
  const collector =
    drops.collector === null
      ? 'Collector metrics not read'
      : `Collector accepted ${formatNumber(drops.collector.accepted)}, dropped ${formatNumber(drops.collector.dropped)}`;
  return `spans dropped by the SDKs: ${services.join(', ')}; ${collector}`;
}

async function runAndSummarize(
  plan: ScenarioPlan,
  profile: Profile,
  pid: number,
  runtime: StackRuntime,
  output: Output,
  signal: AbortSignal,
): Promise<ScenarioRun> {
  const run = await runScenario(plan, { profile, output, pid, residentMemory: (target) => runtime.memoryBytes(target), signal });
  throwIfAborted(signal);
  output.note(summarize(run.report));
  return run;
}

async function verifyStep(
  runs: ScenarioRun[],
  jaeger: string,
  profile: Profile,
  output: Output,
  signal: AbortSignal,
): Promise<string[]> {
  output.title(`verify traces in Jaeger (${jaeger})`);
  const deadline = Date.now() + TRACE_LOOKUP_BUDGET_MS;
  const problems: string[] = [];
  for (const run of runs) {
    const verification = await verifyTraces(run.report, run.samples, {
      jaegerUrl: jaeger,
      slowestCount: profile.slowestPerScenario,
      deadline,
      signal,
    });
    run.report.traces = verification.traces;
    run.report.slowest = verification.slowest;
    problems.push(...verification.problems);
    const { sampled, found, complete } = verification.traces;
    output.note(`${run.report.name}: ${found} of ${sampled} found, ${complete} complete`);
  }
  for (const problem of problems.slice(0, 10)) {
    output.note(`problem: ${problem}`);
  }
  return problems;
}

async function reportStep(report: BenchReport, options: BenchOptions, output: Output): Promise<BenchOutcome> {
  output.title('report');
  const written = await writeReport(report, path.resolve(options.outDir));
  output.note(written.markdown);
  output.note(written.html);
  output.note(written.json);
  output.note(`latest: ${written.latest}`);

  const browserCheckPassed = await browserCheckStep(written.dir, output);
  output.title('thresholds');
  for (const threshold of report.thresholds) {
    output.note(`${threshold.passed ? 'pass' : 'FAIL'}  ${threshold.name}: ${threshold.actual} (limit ${threshold.limit})`);
  }
  return { report, reportDir: written.dir, browserCheckPassed };
}

async function browserCheckStep(reportDir: string, output: Output): Promise<boolean | undefined> {
  output.title('check report.html in headless Chromium');
  const chromium = findChromium();
  if (chromium === undefined) {
    output.warn('skipped: no Chromium found; set CHROME_BIN to check report.html');
    return undefined;
  }
  const result = await checkReportDir(reportDir, chromium);
  output.note(`${result.charts.length} charts drawn, ${result.externalRequests.length} network requests`);
  for (const problem of result.problems) {
    output.note(`problem: ${problem}`);
  }
  return result.ok;
}

async function stopStack(stack: StackRuntime, output: Output, reason: string): Promise<void> {
  output.title(`tear down (${reason})`);
  const stopped = await stack.down();
  output.note(stopped.map((part) => `${part.name} ${part.outcome}`).join(', ') || 'nothing was running');
}

function phaseNotes(profile: Profile, options: BenchOptions, problems: string[]): string[] {
  const notes = [
    `The connections scenario ran on its own start of the stack, with SIMULATED_IO_MS=${profile.connectionsSimulatedIoMs}, ` +
      'so that every connection holds a request in flight; the latency and aggregate scenarios ran on a later start ' +
      `with SIMULATED_IO_MS=${DEFAULT_SIMULATED_IO_MS}.`,
    'The untraced half of the tracing cost ran on a start of its own with OTEL_SDK_DISABLED=true, right after its ' +
      'warm-up; the traced half ran last on the start of the latency scenarios. Their errors and achieved rates are ' +
      'shown in the tracing-cost table and do not count in the thresholds.',
    'Trace links point at the in-memory Jaeger of the run: traces of the connections phase are gone after its ' +
      'restart, and all of them after the teardown.',
  ];
  if (options.services.length < 3) {
    notes.push('The aggregate scenario needs all three services and was left out.');
  }
  const listed = problems.slice(0, 20);
  notes.push(...listed.map((problem) => `Trace problem: ${problem}`));
  if (problems.length > listed.length) {
    notes.push(`${problems.length - listed.length} more trace problems are not listed.`);
  }
  return notes;
}

/** Names the memory figures: a process's VmRSS, or its container's cgroup memory. */
function memoryName(runtime: StackRuntime): string {
  return runtime.name === 'container' ? 'cgroup memory' : 'VmRSS';
}

function summarize(report: ScenarioReport): string {
  const parts = [
    `${report.name}: ${formatNumber(report.requests)} requests`,
    `${formatNumber(report.achieved_rate, 1)}/s`,
    `p50 ${formatMs(report.latency_ms.p50)} ms`,
    `p99 ${formatMs(report.latency_ms.p99)} ms`,
    `errors ${report.errors.total}`,
  ];
  if (report.rss_mb?.median != null) {
    parts.push(`memory ${formatNumber(report.rss_mb.median, 1)} MiB (${report.rss_mb.samples} samples)`);
  }
  return parts.join(', ');
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw new InterruptedError('interrupted');
  }
}

async function delay(ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
  throwIfAborted(signal);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
