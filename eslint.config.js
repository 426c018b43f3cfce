import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration only in src/config.ts.' },
      ],
    },
  },
  {
    files: ['src/config.ts', 'test/**', 'bench/**', 'vitest.config.ts', 'src/cli/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/**'],
    ignores: ['src/db/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['typeorm', 'typeorm/*'] }] },
  },
);
