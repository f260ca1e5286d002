import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'build/**', '.engine/**', 'scripts/engine-standins/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware rules where they find real defects: a promise nobody awaits loses its failure, and in a test
    // an assertion inside one can never fail the test.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test() and describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Inside the app: HTTP only through IHttp. The packages and built-ins the app may import, and the layers,
    // are checked by test/unit/architecture.test.ts (the engine's Deno runtime lends apps a few built-ins).
    files: ['src/**/*.ts', 'RocketChatJeedomApp.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'node-fetch', 'axios', 'got', 'undici'] }],
    },
  },
);
