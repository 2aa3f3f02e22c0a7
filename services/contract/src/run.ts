import { existsSync } from 'node:fs';
import path from 'node:path';

import { runCLI } from 'jest';

import { launchService } from './launch';
import { isServiceName, serviceCommand, serviceNames, workspaceRoot, type ServiceName } from './services';
import { defaultInstanceEnv } from './target';

/** The outcome of the suite against one service. */
interface ServiceOutcome {
  readonly service: ServiceName;
  readonly passed: number;
  readonly failed: number;
  readonly error?: string;
}

/**
 * Runs the whole contract suite against each service in turn and prints one
 * line per service: `contract <service>: N passed, M failed`. Arguments name
 * the services to test (all three when none is given); `--smoke` runs only
 * the cases whose describe block starts with "smoke".
 */
async function main(argv: readonly string[]): Promise<number> {
  const smoke = argv.includes('--smoke');
  const requested = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = requested.filter((name) => !isServiceName(name));
  if (unknown.length > 0) {
    process.stderr.write(`contract: unknown service ${unknown.join(', ')}; expected ${serviceNames.join(', ')}\n`);
    return 2;
  }
  const services = requested.length > 0 ? (requested as ServiceName[]) : [...serviceNames];

  const outcomes: ServiceOutcome[] = [];
  for (const service of services) {
    outcomes.push(await runAgainst(service, smoke));
  }

  process.stdout.write('\n');
  for (const outcome of outcomes) {
    const suffix = outcome.error === undefined ? '' : ` (${outcome.error})`;
    process.stdout.write(`contract ${outcome.service}: ${outcome.passed} passed, ${outcome.failed} failed${suffix}\n`);
  }
  return outcomes.every((outcome) => outcome.failed === 0 && outcome.error === undefined) ? 0 : 1;
}

async function runAgainst(service: ServiceName, smoke: boolean): Promise<ServiceOutcome> {
  const root = workspaceRoot();
  const { command, args, buildTarget } = serviceCommand(service, root);
  const artifact = args[0] ?? command;
  if (!existsSync(artifact)) {
    return { service, passed: 0, failed: 0, error: `${artifact} is missing: run \`npx nx run ${buildTarget}\`` };
  }

  process.stdout.write(`\ncontract: testing ${service}\n`);
  let launched;
  try {
    launched = await launchService(service, { env: defaultInstanceEnv });
  } catch (error) {
    return { service, passed: 0, failed: 0, error: (error as Error).message.split('\n')[0] ?? 'start failed' };
  }

  process.env.CONTRACT_SERVICE = service;
  process.env.CONTRACT_BASE_URL = launched.baseUrl;
  try {
    const config = path.join(root, 'services/contract/contract.jest.config.cjs');
    const { results } = await runCLI(
      {
        _: [],
        $0: 'contract',
        config,
        runInBand: true,
        silent: false,
        ...(smoke ? { testNamePattern: '^smoke' } : {}),
      },
      [config],
    );
    return { service, passed: results.numPassedTests, failed: results.numFailedTests };
  } finally {
    await launched.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`contract: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
