/** @type {import('jest').Config} */
const config = {
  displayName: 'ts-api',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // light-my-request, behind app.inject, requires the ESM-only `cookie`
    // package, which Jest can only load compiled to CommonJS. isolatedModules
    // compiles file by file, and it keeps the Nx Jest plugin from reading the inline tsconfig.
    '/node_modules/cookie/.+\\.js$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  coverageDirectory: '../../coverage/services/ts-api',
};

module.exports = config;
