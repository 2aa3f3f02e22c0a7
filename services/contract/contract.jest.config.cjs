// Named so that @nx/jest does not infer a plain `test` target from it: the
// suite needs a running service, which `contract:test` (src/run.ts) provides.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'contract',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/cases/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  testTimeout: 15_000,
};
