import type { Config } from 'jest';

// Named so that @nx/jest does not infer a plain `test` target from it: the
// suite needs a running service, which `contract:test` (src/run.ts) provides.
const config: Config = {
  displayName: 'contract',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/cases/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  testTimeout: 15_000,
};

export default config;
