import type { Config } from 'jest';

const config: Config = {
  displayName: 'loadgen',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Each load test runs for up to 3 s plus worker start-up.
  testTimeout: 20_000,
};

// CommonJS export: Node loads this file with its built-in type stripping,
// which keeps the module format of the package ("type": "commonjs").
module.exports = config;
