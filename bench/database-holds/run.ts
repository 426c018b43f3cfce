/**
 * How long does one heavy user's work hold the embedded database to itself? (issue 22) PGlite is
 * one session: while a statement runs or a transaction is open, every other user's query waits.
 * A user with the 28,356-track tidytuesday-genres library (500 labels) is synced, trains and
 * sorts (the services of /train and /sort, the model thread pool, the fake Spotify over HTTP),
 * and the database thread's longest statements and transactions of each phase are printed.
 *
 * Usage: npm run bench:database-holds -- [--labels 500] [--out bench/database-holds/results.md]
 * Reads /work/shared/data/tidytuesday-genres.json.gz at run time (never committed).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createSortingServices } from '../../src/composition/sorting.js';
import { parseLibrarySnapshot } from '../../src/core/library-snapshot.js';
import { openDatabase } from '../../src/db/database.js';
import type { DatabaseHolds } from '../../src/db/pglite-protocol-queue.js';
import { ModelPool } from '../../src/ml/model-pool.js';
import { SpotifyPlaylistWriter } from '../../src/spotify/playlist-writer.js';
import { createSpotifyLimiter } from '../../src/spotify/rate-limiter.js';
import { readSnapshotFile } from '../../test/fakes/spotify/index.js';
import { startSpotifyHarness } from '../../test/support/spotify/spotify-harness.js';
import { createReport, timed } from '../support/report.js';
import { createScenarioLayer } from '../support/scenario-layer.js';

const { values } = parseArgs({
  options: {
    snapshot: { type: 'string', default: '/work/shared/data/tidytuesday-genres.json.gz' },
    labels: { type: 'string', default: '500' },
    out: { type: 'string', default: 'bench/database-holds/results.md' },
  },
});
const { lines, log } = createReport();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const database = await openDatabase({ databaseUrl: undefined, embeddedDirectory: undefined });
const embedded = database.embedded;
if (!embedded) throw new Error('this benchmark measures the embedded database');
const pool = new ModelPool({ threads: 2, backend: 'wasm' });
await pool.ready();
const harness = await startSpotifyHarness({
  database,
  transport: {},
  limiter: createSpotifyLimiter({ clientId: 'bench', redisUrl: undefined }),
});
const services = createSortingServices(database, {
  writer: new SpotifyPlaylistWriter(harness.sessions),
  modelWork: pool,
});
const r = services.repositories;

const table = (holds: DatabaseHold[]) => {
  log('| ms | of which running statements | statements | SQL |');
  log('| ---: | ---: | ---: | --- |');
  for (const hold of holds.slice(0, 6))
    log(
      `| ${hold.ms} | ${hold.busyMs ?? hold.ms} | ${hold.statements ?? 1} | \`${hold.sql.replaceAll('|', '\\|')}\` |`,
    );
};
type DatabaseHold = DatabaseHolds['longestStatements'][number];
const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
  await embedded.holds({ reset: true });
  const { result, ms } = await timed(work);
  const holds = await embedded.holds({ reset: true });
  log(`## ${name}`);
  log('');
  log(
    `${ms} ms, load ${load()}; ${holds.statements} statements, ${holds.transactions} transactions. Longest statements:`,
  );
  log('');
  table(holds.longestStatements);
  log('');
  log('Longest transactions (SQL: the first statement after BEGIN):');
  log('');
  table(holds.longestTransactions);
  log('');
  return result;
};

log('# bench/database-holds');
log('');
log(
  `Machine: ${cpus().length} CPUs, load ${load()} at the start; embedded database, tfjs ${pool.backend()}.`,
);
log('');

const raw = await readSnapshotFile(values.snapshot ?? '');
const snapshot = parseLibrarySnapshot(raw);
const scenario = snapshot.scenarios[0];
if (!scenario) throw new Error('the snapshot has no scenario');
const USER = 'heavy';
harness.fake.addUser({ id: 'heavy-spotify' });
const liked = snapshot.tracks.map((t, i) => ({
  track_id: t.id,
  added_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
}));
harness.fake.seedFromSnapshot('heavy-spotify', { ...raw, liked }, { playlists: false });
await database.dataSource.query(`insert into users (id) values ($1)`, [USER]);
await harness.link(USER, 'heavy-spotify');
await phase(`Library sync (${liked.length} Liked Songs)`, () => harness.sync.syncLibrary(USER));

const { layer, labels } = await createScenarioLayer(
  r,
  harness.fake,
  { userId: USER, spotifyUser: 'heavy-spotify' },
  scenario,
  Number(values.labels),
);

await phase(`Training (${labels} labels)`, () => services.models.train(USER, layer));
await phase('Sort (plan, journal, apply)', () => services.sortRuns.sortLayer(USER, layer, { dryRun: false }));

writeFileSync(values.out ?? 'bench/database-holds/results.md', `${lines.join('\n')}\n`);
await services.close();
await pool.close();
await harness.close();
await database.close();
process.exit(0);
