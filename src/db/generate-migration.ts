/**
 * Writes a migration with the SQL that brings a fully migrated database to the entities:
 * `npm run migration:generate -- AddSomething`. Runs on a throw-away embedded database.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from './data-source.js';
import { startEmbeddedDatabase } from './embedded-database.js';
import { pendingSchemaChanges } from './schema-diff.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('Usage: npm run migration:generate -- PascalCaseName');
  process.exit(1);
}
const embedded = await startEmbeddedDatabase(undefined);
const dataSource = createDataSource(embedded.url);
await dataSource.initialize();
await dataSource.runMigrations();
const { up, down } = await pendingSchemaChanges(dataSource);
await dataSource.destroy();
await embedded.close();
if (up.length === 0) {
  console.log('The entities and migrations agree; no migration written.');
  process.exit(0);
}
const timestamp = Date.now();
const className = `${name}${timestamp}`;
const toLines = (queries: string[]) =>
  queries.map((query) => `    await queryRunner.query(${JSON.stringify(query)});`).join('\n');
const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${toLines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${toLines(down)}
  }
}
`;
const file = join('src/db/migrations', `${timestamp}-${name}.ts`);
writeFileSync(file, source);
console.log(`Wrote ${file}; add ${className} to src/db/migrations/index.ts.`);
