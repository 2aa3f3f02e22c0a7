import type { Config } from 'jest';

const config: Config = {
  displayName: 'stack',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['\\.int\\.spec\\.ts$'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  coverageDirectory: '../../coverage/tools/stack',
};

// CommonJS export: Node loads this file with its built-in type stripping,
// which keeps the module format of the package ("type": "commonjs").
module.exports = config;
