// The integration tests start the real stack, so they run alone (one worker)
// and only through the `integration` target, never with `test`.
/** @type {import('jest').Config} */
const config = {
  displayName: 'stack-integration',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.int.spec.ts'],
  maxWorkers: 1,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = config;
