// The container tests start the built images through the container engine,
// so they run alone (one worker) and only through the `integration`
// target, never with `test`.
/** @type {import('jest').Config} */
const config = {
  displayName: 'images-container',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.container.spec.ts'],
  maxWorkers: 1,
  testTimeout: 120_000,
  // Builds the images first when an engine responds.
  globalSetup: '<rootDir>/container-setup.cjs',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = config;
