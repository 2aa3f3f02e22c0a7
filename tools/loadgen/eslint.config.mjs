// Extends the workspace's strict, type-checked rules.
import rootConfig from '../../eslint.config.mjs';

export default [
  ...rootConfig,
  {
    // Declarations that the typecheck target emits for the specs.
    ignores: ['out-tsc/**'],
  },
  {
    files: ['k6/**/*.ts'],
    rules: {
      // @types/k6 declares scenario options as abstract classes, but k6 reads
      // them from plain object literals, the form its documentation uses.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
];
