import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const TYPEORM = { group: ['typeorm', 'typeorm/*'], message: 'TypeORM belongs in src/db only.' };
const DISCORD = { group: ['discord.js', '@discordjs/*'], message: 'discord.js belongs in src/bot only.' };
const EXPRESS = { group: ['express'], message: 'Express belongs in src/web only.' };
const TFJS = { group: ['@tensorflow/*'], message: 'TensorFlow.js belongs in src/ml only.' };
const PROM = {
  group: ['prom-client'],
  message: 'prom-client belongs in src/metrics only; use the Metrics port.',
};
const OUTSIDE_CORE = { regex: '^\\.\\./(?!core/)', message: 'src/core imports nothing of ours.' };
const DB = {
  regex: '^(\\.\\./)+db/',
  message: 'Only src/composition wires src/db; depend on a port of src/services.',
};
const SPOTIFY = {
  regex: '^(\\.\\./)+spotify/',
  message: 'Only src/composition wires src/spotify; depend on a port of src/services.',
};

const SERVICES_OUT = (up) => ({
  regex: `^${up}(?!(core|ml)/|logger\\.js$)`,
  message:
    'src/services imports src/core, src/ml and its own ports only: adapters (db, spotify, enrich…) are wired in src/composition.',
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '.tmp/', 'out/'] },
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
  // The dependency direction of DESIGN.md: each framework stays in its adapter.
  {
    files: ['src/**'],
    ignores: [
      'src/db/**',
      'src/bot/**',
      'src/web/**',
      'src/ml/**',
      'src/core/**',
      'src/jobs/**',
      'src/services/**',
      'src/metrics/**',
      'src/spotify/**',
    ],
    rules: restrict(TYPEORM, DISCORD, EXPRESS, TFJS, PROM, DB),
  },
  // The one place that builds concrete classes, src/db's repositories among them.
  { files: ['src/composition/**'], rules: restrict(TYPEORM, DISCORD, EXPRESS, TFJS, PROM) },
  { files: ['src/metrics/**'], rules: restrict(TYPEORM, DISCORD, EXPRESS, TFJS, DB, SPOTIFY) },
  { files: ['src/db/**'], rules: restrict(DISCORD, EXPRESS, TFJS, PROM) },
  {
    files: ['src/spotify/**'],
    rules: restrict(TYPEORM, DISCORD, EXPRESS, TFJS, PROM, {
      ...DB,
      message:
        'src/spotify reaches the database through its stores (spotify/library-stores.ts); src/composition passes src/db.',
    }),
  },
  { files: ['src/bot/**'], rules: restrict(TYPEORM, EXPRESS, TFJS, DB, SPOTIFY, PROM) },
  { files: ['src/web/**'], rules: restrict(TYPEORM, DISCORD, TFJS, DB, SPOTIFY, PROM) },
  { files: ['src/jobs/**'], rules: restrict(TYPEORM, DISCORD, EXPRESS, TFJS, DB, SPOTIFY, PROM) },
  // src/services/errors.ts and spotify-errors.ts sit in the folder itself, every use case one folder down.
  {
    files: ['src/services/*.ts'],
    rules: restrict(TYPEORM, DISCORD, EXPRESS, TFJS, PROM, SERVICES_OUT('\\.\\./')),
  },
  {
    files: ['src/services/*/**'],
    rules: restrict(TYPEORM, DISCORD, EXPRESS, TFJS, PROM, SERVICES_OUT('\\.\\./\\.\\./')),
  },
  {
    files: ['src/ml/**'],
    rules: restrict(TYPEORM, DISCORD, EXPRESS, PROM, {
      regex: '^\\.\\./(?!core/)',
      message: 'src/ml imports only src/core.',
    }),
  },
  { files: ['src/core/**'], rules: restrict(TYPEORM, DISCORD, EXPRESS, TFJS, PROM, OUTSIDE_CORE) },
);
