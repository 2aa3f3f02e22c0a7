export { runLoadCommand } from './cli/load-command';
export { classifyError, classifyStatus, type ErrorClass } from './error-class';
export { decodeHistogram, encodeHistogram, type Percentiles, percentilesOf, toHgrm } from './histogram';
export type {
  ClosedLoadOptions,
  CommonLoadOptions,
  LoadProgress,
  LoadResult,
  OpenLoadOptions,
  PlateauInfo,
  StageResult,
} from './load-types';
export { constantRate, type RateStage, steppedRates } from './rate-plan';
export { runClosedLoad, runOpenLoad } from './run-load';
export type { SampledTraces, TraceSample, TraceSampleLimits } from './sampled-traces';
export { assertConnectionsFit, openFilesLimit } from './system-limits';
export { type TraceParent, TraceParentFactory, validateTracestate } from './trace-context';
export { runVegeta, VegetaMissingError, type VegetaOptions, type VegetaResult } from './vegeta';
