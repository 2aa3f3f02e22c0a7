import type { Config } from 'jest';

const config: Config = {
  displayName: 'bench',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  coverageDirectory: '../../coverage/tools/bench',
  // The browser test starts Chromium, which takes a few seconds on a busy machine.
  testTimeout: 60_000,
};

// CommonJS export: Node loads this file with its built-in type stripping,
// which keeps the module format of the package ("type": "commonjs").
module.exports = config;
