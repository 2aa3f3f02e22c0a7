/** @type {import('jest').Config} */
const config = {
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

module.exports = config;
