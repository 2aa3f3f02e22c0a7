/** @type {import('jest').Config} */
const config = {
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

module.exports = config;
