import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplatePath: string | undefined;
  }
}

/**
 * Builds one migrated embedded database per run and hands its dump to every test file:
 * starting PGlite from a dump skips initdb and the migrations, several seconds each.
 * The integration and e2e projects both name this setup; the main process builds the dump once for both.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('embeddedTemplatePath', undefined);
    return () => undefined;
  }
  const shared = globalThis as { motherlistTestTemplate?: Promise<string> };
  shared.motherlistTestTemplate ??= buildTemplate();
  project.provide('embeddedTemplatePath', await shared.motherlistTestTemplate);
  return () => undefined;
}

const buildTemplate = async (): Promise<string> => {
  const database = await openDatabase({ databaseUrl: undefined, embeddedDirectory: undefined });
  await database.dataSource.destroy();
  const dump = await database.embedded!.dumpDataDir();
  await database.close();
  const path = join(tmpdir(), `motherlist-test-template-${process.pid}.tar`);
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  return path;
};
