import { rmSync, writeFileSync } from 'node:fs';
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
export default async function setup(project: TestProject): Promise<() => void | Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('embeddedTemplatePath', undefined);
    return () => undefined;
  }
  shared.motherlistTestTemplate ??= { path: buildTemplate(), users: 0 };
  const template = shared.motherlistTestTemplate;
  template.users++;
  project.provide('embeddedTemplatePath', await template.path);
  return async () => {
    if (--template.users > 0) return;
    shared.motherlistTestTemplate = undefined;
    rmSync(await template.path, { force: true });
  };
}

/** The template of this run, shared by the projects that name this setup; the last teardown deletes it. */
const shared = globalThis as { motherlistTestTemplate?: { path: Promise<string>; users: number } };

const buildTemplate = async (): Promise<string> => {
  const database = await openDatabase({ databaseUrl: undefined, embeddedDirectory: undefined });
  await database.dataSource.destroy();
  const dump = await database.embedded!.dumpDataDir();
  await database.close();
  const path = join(tmpdir(), `motherlist-test-template-${process.pid}.tar`);
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  return path;
};
