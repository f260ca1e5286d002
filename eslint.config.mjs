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
    // Inside the app: HTTP only through IHttp, no Node built-ins (the Deno sandbox would refuse them).
    files: ['src/**/*.ts', 'RocketChatJeedomApp.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'node-fetch',
            'axios',
            'got',
            'undici',
            '../test/*',
            '../../test/*',
            '../devkit/*',
            '../../devkit/*',
          ],
        },
      ],
    },
  },
);
