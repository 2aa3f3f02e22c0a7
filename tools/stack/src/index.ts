export { findBinary, jaegerBinary, otelcolBinary, type BinarySpec } from './binaries';
export { buildImages, buildServices, serviceProjects } from './build';
export { StackError } from './errors';
export { cgroupMemoryBytes } from './cgroup';
export { composeFilePath, renderCompose } from './compose';
export { ContainerRuntime, EngineUnavailableError } from './container-runtime';
export {
  containerStack,
  defaultServiceLimits,
  serviceLimitsFromEnv,
  type ContainerLimits,
  type ContainerPartDefinition,
  type ContainerStackDefinition,
  type ContainerStackOptions,
} from './container-stack';
export { LocalRuntime, runDirName } from './local-runtime';
export { lastLines } from './log-tail';
export { assertPortsFree, defaultPorts, isPortFree, portsFromEnv, portVariable, type PartPort, type StackPorts } from './ports';
export {
  isRunning,
  readProcessStat,
  residentMemoryBytes,
  startDetached,
  stopProcess,
  type LaunchSpec,
  type ProcessIdentity,
} from './processes';
export { probe, waitForReady, type ReadinessOptions, type ReadinessOutcome } from './readiness';
export { findRepoRoot } from './repo-root';
export {
  defaultContainerStack,
  openRuntime,
  parseRuntimeName,
  runningRuntimeName,
  runtimeNames,
  workspaceVersion,
  type OpenRuntimeOptions,
  type RuntimeName,
} from './runtimes';
export type { DownOptions, PartLog, PartStatus, StackEvent, StackRuntime, StoppedPart, UpOptions } from './runtime';
export { localStack, startLevels, type LocalStackOptions, type PartDefinition, type StackDefinition } from './stack-definition';
export { readState, removeState, stateFilePath, writeState, type PartState, type StackState } from './state';
