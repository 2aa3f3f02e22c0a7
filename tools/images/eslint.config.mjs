// Extends the workspace's strict, type-checked rules; images adds none of its own.
import rootConfig from '../../eslint.config.mjs';

export default [
  ...rootConfig,
  {
    // Declarations that the typecheck target emits for the specs.
    ignores: ['out-tsc/**'],
  },
];
