import { defineConfig } from 'vitest/config';

/** The three tiers; test/README.md says which one a new test belongs to. */
const database = { globalSetup: ['test/support/global-setup.ts'] };

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
    projects: [
      // Inline projects inherit the root options above (vitest 5: `extends` defaults to true).
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        // Every test outside test/unit and test/e2e lands here, so a file put elsewhere still runs, on a database.
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/e2e/**'],
          ...database,
        },
      },
      {
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...database },
      },
    ],
  },
});
