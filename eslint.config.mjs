// Shared ESLint flat config: typescript-eslint's strict, type-checked rules for
// every TypeScript project. Projects extend it from their own eslint.config.mjs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/out-tsc/**', '**/node_modules/**', '**/coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Template literals with numbers are the clearest way to build log and
      // error messages; the rule's default rejects them.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Dropping a member with a rest pattern (`const { secret, ...rest } = x`)
      // is the idiomatic way to copy an object without it.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
);
