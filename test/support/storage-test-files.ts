import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The integration and e2e test files whose outcome can depend on the database they run on: each
 * imports, directly or through our own modules, the test database (test/support/test-database.ts,
 * where TEST_DATABASE_URL is read), or reads TEST_DATABASE_URL itself (a test that hands it to a child
 * process). `.ci/run` runs only these a second time on PostgreSQL: the others (the fakes' own tests,
 * the HTTP adapters, the embedded database's own tests, processes on their own embedded database)
 * would repeat the PGlite pass to the letter. When in doubt a file is in.
 */
export const storageTestFiles = (root: string): string[] => {
  const targets = new Set([join(root, 'test/support/test-database.ts')]);
  const reachesDatabase = new Set<string>();
  const reaches = (file: string, seen: Set<string>): boolean => {
    if (targets.has(file) || reachesDatabase.has(file)) return true;
    if (seen.has(file)) return false;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const found = [...source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].some((match) => {
      const imported = resolve(dirname(file), match[1]!).replace(/\.js$/, '.ts');
      const module = [imported, join(imported, 'index.ts')].find((candidate) =>
        statSync(candidate, { throwIfNoEntry: false })?.isFile(),
      );
      return module !== undefined && reaches(module, seen);
    });
    if (found) reachesDatabase.add(file);
    return found;
  };
  const testFiles = ['test/integration', 'test/e2e', 'test/fakes'].flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.test.ts'))
      .map((file) => join(root, folder, file)),
  );
  return testFiles
    .filter((file) => readFileSync(file, 'utf8').includes('TEST_DATABASE_URL') || reaches(file, new Set()))
    .map((file) => relative(root, file))
    .sort();
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = storageTestFiles(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'));
  if (files.length === 0) throw new Error('no test file touches the database: the selection is broken');
  console.log(files.join('\n'));
}
