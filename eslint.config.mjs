// Lint rules for the kit's own code (authoring repo). Not type-aware, so it
// stays fast enough for a pre-commit hook; `tsc --noEmit` checks the types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'grades/**', 'tests/fixtures/isolation/target/**', 'tests/mutants/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Plain-JS files (jest config, reporter, worker bootstraps) are CommonJS on purpose.
      '@typescript-eslint/no-require-imports': 'off',
      // Stripping ANSI colour codes needs \x1b in a regex.
      'no-control-regex': 'off',
    },
  },
  {
    // graders/support/index.ts is the support library's public surface; code that runs inside
    // a helper thread uses the cheap-to-load support/in-thread.ts instead.
    files: ['graders/**/*.ts'],
    ignores: ['graders/support/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['**/support/*', '!**/support/in-thread'],
          message: "Import from './support' (support/index.ts is the public surface); code running inside a helper thread imports '../support/in-thread'.",
        }],
      }],
    },
  },
  {
    // Starters are stubs: their parameters are unused until the learner writes the body.
    files: ['starters/**'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
);
