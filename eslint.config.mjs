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
    // Inside the app: HTTP only through IHttp. The packages and built-ins the app may import, and the layers,
    // are checked by test/unit/architecture.test.ts (the engine's Deno runtime lends apps a few built-ins).
    files: ['src/**/*.ts', 'RocketChatJeedomApp.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'node-fetch', 'axios', 'got', 'undici'] }],
    },
  },
);
