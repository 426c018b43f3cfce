/**
 * Liked Songs sync against the fake Spotify (not a test): `npm run bench:spotify-sync`.
 * Reads /work/shared/data/exportify-owner.json.gz at run time (never committed): 6,576 Liked Songs.
 * 1. Full sync into an empty database: must take exactly 132 requests (ceil(6,576 / 50)).
 * 2. Re-sync with nothing new: must take 1 request.
 * 3. Full sync of a second user with 10% of requests answered 429 (Retry-After: 1): must finish
 *    with exactly the same Liked Songs, in the same order with the same dates.
 * The production transport and limiter settings are used (4 in flight, 50 ms between starts).
 * Results are printed and written to bench/spotify-sync/results.md.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/database.js';
import { LIKED_SONGS_ID } from '../../src/core/layer-records.js';
import { createSpotifyLimiter } from '../../src/spotify/rate-limiter.js';
import { readSnapshotFile } from '../../test/fakes/spotify/index.js';
import { startSpotifyHarness } from '../../test/support/spotify/spotify-harness.js';
import { createReport, timed } from '../support/report.js';

const { values } = parseArgs({
  options: {
    snapshot: { type: 'string', default: '/work/shared/data/exportify-owner.json.gz' },
    out: { type: 'string', default: 'bench/spotify-sync/results.md' },
  },
});

const snapshot = await readSnapshotFile(values.snapshot ?? '');
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, embeddedDirectory: undefined });
const harness = await startSpotifyHarness({
  database,
  transport: {},
  limiter: createSpotifyLimiter({ clientId: 'bench', redisUrl: undefined }),
});
const { fake, sync, entries } = harness;
fake.addUser({ id: 'owner', displayName: 'Exportify owner', accountId: 'acct-owner' });
const seeded = fake.seedFromSnapshot('owner', snapshot, { liked: true, playlists: false });
const likedCount = fake.likedTrackIds('owner').length;

const { lines, failures, log, check } = createReport();

const snapshotOf = async (userId: string) =>
  (await entries.entries(userId, LIKED_SONGS_ID)).map(
    (e) => `${e.trackId}@${e.addedAt?.toISOString() ?? '-'}`,
  );

log('# bench/spotify-sync');
log('');
log(
  `- date: ${new Date().toISOString()}, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
log(`- library: ${snapshot.name ?? 'snapshot'}, ${likedCount} Liked Songs (${seeded.liked} seeded)`);
log('- transport: production defaults; limiter: 4 in flight, 50 ms between request starts');
log('');
log('| run | requests | 429 answered | result | time | check |');
log('| --- | ---: | ---: | --- | ---: | --- |');

await harness.link('discord-owner', 'owner');
fake.resetCounts();
const full = await timed(() => sync.syncLikedSongs('discord-owner'));
const fullRequests = fake.totalRequests();
log(
  `| full sync | ${fullRequests} | 0 | ${full.result.mode}, ${full.result.addedTrackIds.length} added of ${full.result.total} | ${full.ms} ms | ${check(fullRequests === 132 && full.result.addedTrackIds.length === likedCount, 'full sync: 132 requests, every track')} |`,
);
const truth = await snapshotOf('discord-owner');
check(truth.length === likedCount, 'full sync stored every Liked Song');

fake.resetCounts();
const again = await timed(() => sync.syncLikedSongs('discord-owner'));
const againRequests = fake.totalRequests();
log(
  `| re-sync, nothing new | ${againRequests} | 0 | ${again.result.mode}, ${again.result.addedTrackIds.length} added | ${again.ms} ms | ${check(againRequests === 1 && again.result.addedTrackIds.length === 0, 're-sync: 1 request')} |`,
);

await harness.link('discord-owner-2', 'owner');
fake.resetCounts();
const fault = fake.faults.add({ status: 429, retryAfterSeconds: 1, probability: 0.1 });
const stormy = await timed(() => sync.syncLikedSongs('discord-owner-2'));
const stormyRequests = fake.totalRequests();
const identical = JSON.stringify(await snapshotOf('discord-owner-2')) === JSON.stringify(truth);
log(
  `| full sync, 10% answered 429 | ${stormyRequests} | ${fault.fired} | ${stormy.result.mode}, ${stormy.result.addedTrackIds.length} added, ${identical ? 'identical' : 'DIFFERENT'} | ${stormy.ms} ms | ${check(identical && fault.fired > 0 && stormyRequests === 132 + fault.fired, 'sync under 429s: identical, 132 + 429s requests')} |`,
);
fake.faults.clear();

const clean = fake.specViolations.length === 0 && fake.deprecatedCalls.length === 0;
log('');
log(
  `- fake Spotify: ${fake.specViolations.length} spec violations, ${fake.deprecatedCalls.length} deprecated calls ${check(clean, 'fake clean')}`,
);
log(`- result: ${failures.length === 0 ? 'all checks passed' : `FAILED: ${failures.join('; ')}`}`);

writeFileSync(values.out ?? 'bench/spotify-sync/results.md', `${lines.join('\n')}\n`);
await harness.close();
await database.close();
process.exit(failures.length === 0 ? 0 : 1);
