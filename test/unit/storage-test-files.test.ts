import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storageTestFiles } from '../support/storage-test-files.js';

describe('the test files the PostgreSQL pass of .ci/run repeats', () => {
  const root = mkdtempSync(join(tmpdir(), 'storage-tests-'));
  const write = (file: string, source: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), source);
  };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('takes a file that reaches the test database through our modules (a cycle, a dynamic import, an index) or reads TEST_DATABASE_URL, and no other', () => {
    write('src/db/database.ts', 'export const openDatabase = 1;\n');
    write('test/support/test-database.ts', "import { openDatabase } from '../../src/db/database.js';\n");
    write('test/support/databases/index.ts', "export * from '../test-database.js';\n");
    write('test/support/a.ts', "import { b } from './b.js';\nexport const a = 1;\n");
    write(
      'test/support/b.ts',
      "import { a } from './a.js';\nexport const b = () => import('./test-database.js');\n",
    );
    write(
      'test/support/pure.ts',
      "import { readFileSync } from 'node:fs';\nexport const pure = readFileSync;\n",
    );
    write('test/integration/through-cycle.test.ts', "import { a } from '../support/a.js';\n");
    write('test/integration/through-index.test.ts', "import * as db from '../support/databases';\n");
    // Its own embedded database: the same on either pass.
    write('test/integration/embedded.test.ts', "import { openDatabase } from '../../src/db/database.js';\n");
    write('test/integration/pure.test.ts', "import { pure } from '../support/pure.js';\n");
    write('test/fakes/fake.test.ts', "import { pure } from '../support/pure.js';\n");
    write('test/e2e/child.test.ts', 'const url = process.env.TEST_DATABASE_URL;\n');
    write('test/e2e/own-data-dir.test.ts', "const env = { DATA_DIR: '/tmp/x' };\n");
    expect(storageTestFiles(root)).toEqual([
      'test/e2e/child.test.ts',
      'test/integration/through-cycle.test.ts',
      'test/integration/through-index.test.ts',
    ]);
  });
});
