import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedDirectoryOf, openDatabase } from '../../../src/db/database.js';
import { startEmbeddedDatabase } from '../../../src/db/embedded-database.js';
import { loadOrCreateEmbeddedKey } from '../../../src/db/embedded-key-file.js';

const folders: string[] = [];
const tempFolder = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'motherlist-embedded-'));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Files and folders under `root` (itself included) that group or others may use. */
const openToOthers = (root: string): string[] => {
  const found: string[] = [];
  const visit = (path: string) => {
    const stats = statSync(path);
    if ((stats.mode & 0o077) !== 0)
      found.push(`${path.slice(root.length) || '.'} ${(stats.mode & 0o777).toString(8)}`);
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(root);
  return found;
};

const fingerprint = (folder: string): string => {
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    hash.update(name);
    if (statSync(path).isFile()) hash.update(readFileSync(path));
  }
  return hash.digest('hex');
};

describe('embedded database', () => {
  it('keeps its data across restarts', async () => {
    const directory = join(tempFolder(), 'pgdata');
    const first = await openDatabase({ databaseUrl: undefined, embeddedDirectory: directory });
    await first.dataSource.query(`insert into users (id) values ('123')`);
    await first.close();
    const second = await openDatabase({ databaseUrl: undefined, embeddedDirectory: directory });
    expect(await second.dataSource.query('select id from users')).toEqual([{ id: '123' }]);
    await second.close();
  });

  it('refuses a non-empty folder that is not a database and leaves it untouched', async () => {
    const directory = tempFolder();
    writeFileSync(join(directory, 'notes.txt'), 'my files');
    const before = fingerprint(directory);
    await expect(startEmbeddedDatabase(directory)).rejects.toThrow(
      /not an embedded Motherlist database.*nothing was changed/,
    );
    expect(fingerprint(directory)).toBe(before);
  });

  it('refuses a corrupt database with a clear error and never rewrites its files', async () => {
    const directory = tempFolder();
    writeFileSync(join(directory, 'PG_VERSION'), 'garbage\n');
    writeFileSync(join(directory, 'postgresql.conf'), '\u0000\u0001 not a config');
    const before = fingerprint(directory);
    await expect(startEmbeddedDatabase(directory)).rejects.toThrow(/could not be opened.*left untouched/s);
    expect(fingerprint(directory)).toBe(before);
  });

  it('refuses a database locked by another running process', async () => {
    const root = tempFolder();
    const directory = join(root, 'pgdata');
    writeFileSync(join(root, 'pgdata.lock'), String(process.ppid));
    await expect(startEmbeddedDatabase(directory)).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const root = tempFolder();
    writeFileSync(join(root, 'pgdata.lock'), '2147483646');
    const database = await startEmbeddedDatabase(join(root, 'pgdata'));
    await database.close();
  });

  it('generates the token key once, readable only by its owner', () => {
    const dataDir = tempFolder();
    const first = loadOrCreateEmbeddedKey(dataDir);
    expect(first.key).toHaveLength(32);
    expect(statSync(join(dataDir, 'token-encryption.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateEmbeddedKey(dataDir).key.equals(first.key)).toBe(true);
  });

  it('makes DATA_DIR 0700, keeps every database file owner-only, and warns when DATA_DIR is wider', async () => {
    const dataDir = join(tempFolder(), 'data');
    const warnings: string[] = [];
    const logger = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
    );
    const open = () =>
      openDatabase({ databaseUrl: undefined, embeddedDirectory: embeddedDirectoryOf(dataDir), logger });
    const first = await open();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(openToOthers(dataDir)).toEqual([]);
    await first.dataSource.query(`insert into users (id) select g::text from generate_series(1, 5000) g`);
    await first.dataSource.query('checkpoint');
    await first.close();
    expect(openToOthers(dataDir)).toEqual([]);
    expect(warnings).toEqual([]);

    chmodSync(dataDir, 0o755);
    const second = await open();
    await second.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${dataDir} is open to other users (mode 755)`);
    expect(warnings[0]).toContain('chmod 700');
    // Their choice of folder mode stays; what is inside stays owner-only.
    expect(openToOthers(dataDir)).toEqual(['. 755']);
  });

  it('runs queries on a thread of its own: a long query leaves the event loop free', async () => {
    const database = await startEmbeddedDatabase(undefined);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    await client.query('select sum(g * 2) from generate_series(1, 2000000) g');
    const queryMs = performance.now() - started;
    clearInterval(ticker);
    await client.end();
    await database.close();
    // On the bot's thread the longest gap was the query's whole time.
    expect(queryMs).toBeGreaterThan(400);
    expect(longestGap).toBeLessThan(queryMs / 3);
  });
});
