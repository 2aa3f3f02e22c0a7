import { isServiceName, type ServiceName } from './services';
import { launchService, type LaunchedService, type LaunchOptions } from './launch';

/** The service under test and the base URL of its default instance. */
export interface Target {
  readonly service: ServiceName;
  readonly baseUrl: string;
}

/**
 * Returns the service the suite runs against, from CONTRACT_SERVICE.
 * The runner sets it; a developer running jest by hand sets it too.
 */
export function serviceUnderTest(): ServiceName {
  const name = process.env.CONTRACT_SERVICE ?? '';
  if (!isServiceName(name)) {
    throw new Error(
      `CONTRACT_SERVICE must be go-api, dotnet-api or ts-api, got "${name}"; ` +
        'run the suite with `npx nx run contract:test`',
    );
  }
  return name;
}

/** Environment of the default instance: everything the cases need switched on. */
export const defaultInstanceEnv: Readonly<Record<string, string>> = {
  TRACE_CONTEXT_TEST_ENDPOINT: '1',
  SIMULATED_IO_MS: '50',
};

/**
 * Registers jest hooks that provide the default instance: the one at
 * CONTRACT_BASE_URL when set, else one started for this file.
 */
export function useTarget(): () => Target {
  let target: Target | undefined;
  let launched: LaunchedService | undefined;

  beforeAll(async () => {
    const service = serviceUnderTest();
    const baseUrl = process.env.CONTRACT_BASE_URL;
    if (baseUrl !== undefined && baseUrl !== '') {
      target = { service, baseUrl: baseUrl.replace(/\/$/, '') };
      return;
    }
    launched = await launchService(service, { env: defaultInstanceEnv });
    target = { service, baseUrl: launched.baseUrl };
  }, 30_000);

  afterAll(async () => {
    await launched?.stop();
  }, 30_000);

  return () => {
    if (target === undefined) {
      throw new Error('the target is not started yet: call it inside a test');
    }
    return target;
  };
}

/**
 * Registers jest hooks that start the service under test with `env` for the
 * cases of one describe block, and stop it afterwards.
 */
export function useInstance(options: LaunchOptions): () => LaunchedService {
  let launched: LaunchedService | undefined;

  beforeAll(async () => {
    launched = await launchService(serviceUnderTest(), options);
  }, 30_000);

  afterAll(async () => {
    await launched?.stop();
  }, 30_000);

  return () => {
    if (launched === undefined) {
      throw new Error('the instance is not started yet: call it inside a test');
    }
    return launched;
  };
}
