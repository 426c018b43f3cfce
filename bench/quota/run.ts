/**
 * Spotify's daily quota over simulated days (not a test): `npm run bench:quota`.
 * Five users, libraries from the snapshots (read from /work/shared/data at run time, never
 * committed; the committed tidytuesday slice is the fifth), the real Spotify side, keep-sorted and
 * scheduled-sync services on an embedded PGlite database, against the fake Spotify (daily-quota
 * mode, its clock the simulated one). Time is driven by the bench: every 10 simulated minutes it
 * calls the scheduled sync's handlers (`dueUsers`, then `syncUser` for each) with the simulated now,
 * as pg-boss's cron tick would. Writes bench/quota/results.json.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createSortingJobs } from '../../src/composition/sorting-jobs.js';
import { openDatabase } from '../../src/db/database.js';
import { LIKED_SOURCE } from '../../src/db/repositories/library-entry.repository.js';
import { ModelPool } from '../../src/ml/model-pool.js';
import { SpotifyPlaylistWriter } from '../../src/spotify/playlist-writer.js';
import { FakeSpotify, readSnapshotFile } from '../../test/fakes/spotify/index.js';
import { RecordingNotifier } from '../../test/support/sorting-world.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  FAST_TRANSPORT,
  startSpotifyHarness,
} from '../../test/support/spotify/spotify-harness.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    data: { type: 'string', default: '/work/shared/data' },
    out: { type: 'string', default: 'bench/quota/results.json' },
  },
});
const DAYS = Number(values.days);
const BUDGET = 1_000;
const TICK_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
const SNAPSHOTS = [
  `${values.data}/seven-playlists.json.gz`,
  `${values.data}/tidytuesday-genres.json.gz`,
  `${values.data}/eargasm.json.gz`,
  'test/fixtures/tidytuesday-slice.json.gz',
  'test/fixtures/tidytuesday-slice.json.gz',
];

/** A seeded generator (mulberry32): the same likes and edits every run. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const runScenario = async (quota: number | null) => {
  let simulated = Date.parse('2026-11-01T00:00:00Z');
  const fake = await FakeSpotify.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: ['http://127.0.0.1/callback'],
    clock: () => simulated,
  });
  const database = await openDatabase({ databaseUrl: undefined, embeddedDirectory: undefined });
  const harness = await startSpotifyHarness({
    fake,
    database,
    dailyBudget: BUDGET,
    transport: FAST_TRANSPORT,
    now: () => simulated,
  });
  const notifier = new RecordingNotifier();
  const pool = new ModelPool({ threads: 1, backend: 'cpu' });
  const jobs = createSortingJobs({
    database,
    logger: pino({ level: 'silent' }),
    writer: new SpotifyPlaylistWriter(harness.sessions),
    library: harness.sync,
    notifier,
    modelWork: pool,
    syncIntervalMinutes: 10,
    spotifyDailyBudget: BUDGET,
    now: () => new Date(simulated),
  });
  const random = seeded(20);
  const users: { id: string; spotify: string; sublistPlaylists: string[] }[] = [];
  const catalogue: string[] = [];
  for (const [i, file] of SNAPSHOTS.entries()) {
    const snapshot = await readSnapshotFile(file);
    const spotify = `user${i}`;
    fake.addUser({ id: spotify });
    const seededLibrary = fake.seedFromSnapshot(spotify, snapshot, { liked: true, playlists: true });
    catalogue.push(...snapshot.tracks.map((t) => t.id));
    const id = `discord-${i}`;
    await database.dataSource.query(`insert into users (id) values ($1)`, [id]);
    await harness.link(id, spotify);
    const layer = await jobs.services.repositories.layers.create({
      userId: id,
      name: 'bench',
      motherlistId: 'liked',
      mutual: true,
      complete: false,
    });
    const sublistPlaylists = seededLibrary.playlists.slice(0, 3).map((p) => p.id);
    for (const [k, playlistId] of sublistPlaylists.entries())
      await jobs.services.repositories.sublists.add(layer.id, `s${k}`, playlistId);
    users.push({ id, spotify, sublistPlaylists });
  }
  // The first (full) reads, as after /link, postponed by the budget as needed; the measured days
  // start a day after the last of them.
  for (const user of users)
    for (;;) {
      try {
        await jobs.scheduled.syncUser(user.id);
        break;
      } catch {
        simulated += 3_600_000;
      }
    }
  if (quota !== null) fake.setDailyQuota({ requests: quota });
  const measuredFrom = fake.requests.length;
  const start = simulated + DAY_MS;
  simulated = start;

  // Each user likes 0–15 songs a day at random minutes, and edits a sublist by hand on two days a week.
  const events: {
    at: number;
    userId: string;
    spotify: string;
    kind: 'like' | 'edit';
    playlistId?: string;
  }[] = [];
  for (let day = 0; day < DAYS; day++)
    for (const user of users) {
      const likes = Math.floor(random() * 16);
      for (let k = 0; k < likes; k++)
        events.push({
          at: start + day * DAY_MS + Math.floor(random() * DAY_MS),
          userId: user.id,
          spotify: user.spotify,
          kind: 'like',
        });
      if ((day % 7 === 1 || day % 7 === 4) && user.sublistPlaylists.length > 0)
        events.push({
          at: start + day * DAY_MS + Math.floor(random() * DAY_MS),
          userId: user.id,
          spotify: user.spotify,
          kind: 'edit',
          playlistId: user.sublistPlaylists[Math.floor(random() * user.sublistPlaylists.length)]!,
        });
    }
  events.sort((a, b) => a.at - b.at);
  const likedAt = new Map<string, number>();
  const seenAt = new Map<string, number>();
  let next = 0;
  let failedSyncs = 0;
  const end = start + DAYS * DAY_MS;
  for (; simulated < end; simulated += TICK_MS) {
    while (next < events.length && events[next]!.at <= simulated) {
      const event = events[next++]!;
      const liked = new Set(fake.likedTrackIds(event.spotify));
      const candidates = catalogue.filter((t) => !liked.has(t));
      const trackId = candidates[Math.floor(random() * candidates.length)]!;
      if (event.kind === 'like') {
        fake.likeTrack(event.spotify, trackId, new Date(event.at));
        likedAt.set(`${event.userId}:${trackId}`, event.at);
      } else fake.addToPlaylistByHand(event.playlistId!, [trackId]);
    }
    for (const userId of await jobs.scheduled.dueUsers()) {
      try {
        await jobs.scheduled.syncUser(userId);
      } catch {
        failedSyncs++;
      }
      const known = new Set(await harness.entries.trackIds(userId, LIKED_SOURCE));
      for (const [key, at] of likedAt)
        if (key.startsWith(`${userId}:`) && !seenAt.has(key) && known.has(key.slice(userId.length + 1)))
          seenAt.set(key, simulated - at);
    }
    if (((simulated - start) / TICK_MS) % 144 === 0)
      process.stderr.write(
        `day ${(simulated - start) / DAY_MS}: ${fake.requests.length - measuredFrom} requests\n`,
      );
  }
  // Let the last likes' syncs run: a few more hours, counted like the rest.
  for (let extra = 0; extra < 144 && seenAt.size < likedAt.size; extra++, simulated += TICK_MS)
    for (const userId of await jobs.scheduled.dueUsers()) {
      await jobs.scheduled.syncUser(userId).catch(() => failedSyncs++);
      const known = new Set(await harness.entries.trackIds(userId, LIKED_SOURCE));
      for (const [key, at] of likedAt)
        if (key.startsWith(`${userId}:`) && !seenAt.has(key) && known.has(key.slice(userId.length + 1)))
          seenAt.set(key, simulated - at);
    }

  const measured = fake.requests.slice(measuredFrom);
  const times = measured.map((r) => r.at).sort((a, b) => a - b);
  let maxPer24h = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - DAY_MS) j++;
    maxPer24h = Math.max(maxPer24h, i - j + 1);
  }
  const perDay = Array.from(
    { length: DAYS },
    (_, d) => times.filter((t) => t >= start + d * DAY_MS && t < start + (d + 1) * DAY_MS).length,
  ).sort((a, b) => a - b);
  const delays = [...seenAt.values()].map((ms) => ms / 60_000).sort((a, b) => a - b);
  const quotaDms = notifier.sent.filter((s) => s.message.kind === 'quota-blocked');
  const result = {
    budget: BUDGET,
    fakeQuota: quota,
    days: DAYS,
    users: users.length,
    maxRequestsPer24h: maxPer24h,
    medianRequestsPer24h: quantile(perDay, 0.5),
    tokenRequests: measured.filter((r) => r.service === 'accounts').length,
    quotaExceeded: measured.filter((r) => r.quotaExceeded).length,
    quotaBlocks: fake.dailyQuotaState()?.blocks ?? 0,
    likes: likedAt.size,
    likesTakenIn: seenAt.size,
    likesSorted: null,
    likeToLibraryMedianMin: quantile(delays, 0.5),
    likeToLibraryP95Min: quantile(delays, 0.95),
    likeToDmMedianMin: null,
    likeToDmP95Min: null,
    failedSyncs,
    quotaDmsPerUserMax: Math.max(0, ...users.map((u) => quotaDms.filter((d) => d.userId === u.id).length)),
    newSongDms: notifier.sent.filter((s) => s.message.kind === 'new-songs').length,
  };
  await jobs.services.close();
  await pool.close();
  await harness.close();
  await fake.stop();
  await database.close();
  return result;
};

const within = await runScenario(null);
process.stderr.write(`${JSON.stringify(within)}\n`);
const blocked = await runScenario(600);
const results = { ...within, blocked, date: new Date().toISOString(), node: process.version };
writeFileSync(values.out ?? 'bench/quota/results.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
