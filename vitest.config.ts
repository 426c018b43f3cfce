import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { storageTestFiles } from './test/support/storage-test-files.js';

/** The three tiers; test/README.md says which one a new test belongs to. */
const database = { globalSetup: ['test/support/global-setup.ts'] };
const integration = {
  // Every test outside test/unit and test/e2e lands here, so a file put elsewhere still runs, on a database.
  include: ['test/**/*.test.ts'],
  exclude: ['test/unit/**', 'test/e2e/**'],
  // One worker runs file after file with the modules it imported (test/README.md: what a file may leave behind).
  isolate: false,
};
const e2e = { include: ['test/e2e/**/*.test.ts'] };

/**
 * TEST_POSTGRES_URL (`.ci/run` sets it) adds the test files whose outcome can depend on the database
 * (test/support/storage-test-files.ts) again, on that PostgreSQL server, in the same run: vitest's
 * workers take the next file of either pass, so neither pass waits for the other.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL || undefined;
const onPostgres = (tier: { include: string[]; exclude?: string[] }) => ({
  ...tier,
  include: storageTestFiles(import.meta.dirname).filter((file) =>
    tier.include.some((pattern) => file.startsWith(pattern.slice(0, pattern.indexOf('**')))),
  ),
  env: { TEST_DATABASE_URL: postgresUrl },
});

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // V8's baseline compiler (Sparkplug) can leave a stale pointer in a frame that a later full GC
    // follows: a test runner's child process dies with SIGSEGV in whichever file it is running, no
    // test failing (nodejs/node#62393, V8 bug 483731079, open on Node 24). A CI run lost a fork just so
    // (in spotify-fake.test.ts); without Sparkplug the tests take the same CPU time.
    execArgv: ['--no-sparkplug'],
    // One worker more than cores: a test file spends much of its time waiting (on its database's thread,
    // a child process, a fake's timer), which a third file fills on two cores.
    maxWorkers: availableParallelism() + 1,
    setupFiles: ['test/setup.ts'],
    projects: [
      // Inline projects inherit the root options above (vitest 5: `extends` defaults to true).
      // Shared modules (test/README.md): tfjs and its backend start once per worker, not once per file.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      { test: { name: 'integration', ...integration, ...database } },
      { test: { name: 'e2e', ...e2e, ...database } },
      ...(postgresUrl
        ? [
            { test: { name: 'integration:postgres', ...onPostgres(integration) } },
            { test: { name: 'e2e:postgres', ...onPostgres(e2e) } },
          ]
        : []),
    ],
  },
});
