/**
 * Spotify's daily quota over simulated days (not a test): `npm run bench:quota`.
 * Five users (libraries from the snapshots, read at run time, never committed), the real Spotify
 * side, keep-sorted, the scheduled sync, label answers, training (a real model) and /sort, on an
 * embedded PGlite database, against the fake Spotify (daily-quota mode, its clock the simulated
 * one). The two scenarios (`within`: the fake has no quota; `blocked`: the fake's quota is 600)
 * run as two child processes; each writes its results after every simulated day, so a run cut
 * short still says how many days it covered (`--merge` writes results.json from them).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSortingJobs } from '../../src/composition/sorting-jobs.js';
import { openDatabase } from '../../src/db/database.js';
import { ModelPool } from '../../src/ml/model-pool.js';
import { LabelService } from '../../src/services/label.service.js';
import { FakeSpotify, readSnapshotFile } from '../../test/fakes/spotify/index.js';
import { RecordingNotifier } from '../../test/support/sorting-world.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  FAST_TRANSPORT,
  startSpotifyHarness,
} from '../../test/support/spotify/spotify-harness.js';
import { sortingJobsOver } from '../../test/support/sync-job.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    data: { type: 'string', default: '/work/shared/data' },
    out: { type: 'string', default: 'bench/quota/results.json' },
    scenario: { type: 'string' },
    merge: { type: 'boolean', default: false },
  },
});
const DAYS = Number(values.days);
const BUDGET = 1_000;
const TICK_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
const LABELS_PER_WEEK = 10;
const TRAIN_OPTIONS = { folds: 2, ensemble: false, propagate: false };
/**
 * seven-playlists, eargasm and the committed tidytuesday slice (three times). tidytuesday-genres
 * (28,356 tracks) and exportify-owner (13,560) are left out: every sync compares the layer's whole
 * motherlist before and after, which on the shared cores made one simulated day take minutes.
 */
const SNAPSHOTS = [
  `${values.data}/seven-playlists.json.gz`,
  `${values.data}/eargasm.json.gz`,
  'test/fixtures/tidytuesday-slice.json.gz',
  'test/fixtures/tidytuesday-slice.json.gz',
  'test/fixtures/tidytuesday-slice.json.gz',
];
const SCENARIOS = { within: null, blocked: 600 } as const;
type ScenarioName = keyof typeof SCENARIOS;
const partialOf = (name: ScenarioName) => `${values.out}.${name}.partial.json`;

/** A seeded generator (mulberry32): the same likes and edits every run. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

interface BenchUser {
  id: string;
  spotify: string;
  sublistPlaylists: string[];
  labelled: Set<string>;
}

const runScenario = async (name: ScenarioName) => {
  const quota = SCENARIOS[name];
  const startedAt = Date.now();
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
  const jobs = createSortingJobs(
    sortingJobsOver(harness, {
      notifier,
      modelWork: pool,
      spotifyDailyBudget: BUDGET,
      // A real model, calibrated (it decides what is sure and what waits), with two folds and
      // neither the fold ensemble nor graph propagation: training fits the shared cores.
      trainOptions: TRAIN_OPTIONS,
      now: () => new Date(simulated),
    }),
  );
  const { repositories, models, sortRuns } = jobs.services;
  const labelService = new LabelService(repositories.labels);
  const random = seeded(20);
  const users: BenchUser[] = [];
  const catalogue: string[] = [];
  for (const [i, file] of SNAPSHOTS.entries()) {
    const snapshot = await readSnapshotFile(file);
    const spotify = `user${i}`;
    fake.addUser({ id: spotify });
    const seededLibrary = fake.seedFromSnapshot(spotify, snapshot, { liked: true, playlists: true });
    catalogue.push(...snapshot.tracks.map((t) => t.id));
    // The snapshots hold playlists, not Liked Songs: the user has liked every song of them before.
    const likedBefore = new Set<string>();
    for (const playlist of seededLibrary.playlists)
      for (const trackId of fake.playlist(playlist.id).trackIds)
        if (!likedBefore.has(trackId)) {
          likedBefore.add(trackId);
          fake.likeTrack(spotify, trackId, new Date(simulated - DAY_MS));
        }
    const id = `discord-${i}`;
    await database.dataSource.query(`insert into users (id) values ($1)`, [id]);
    await harness.link(id, spotify);
    const layer = await repositories.layers.create({
      userId: id,
      name: 'bench',
      motherlistId: 'liked',
      mutual: true,
      complete: false,
    });
    const sublistPlaylists = seededLibrary.playlists.slice(0, 3).map((p) => p.id);
    for (const [k, playlistId] of sublistPlaylists.entries())
      await repositories.sublists.add(layer.id, `s${k}`, playlistId);
    users.push({ id, spotify, sublistPlaylists, labelled: new Set() });
  }

  const counts = { labels: 0, trainings: 0, sorts: 0, failedSorts: 0 };
  /** /label: `count` answers (the first sublist holding the song, else the void), as the label session records them. */
  const answer = async (user: BenchUser, count: number) => {
    const [layer] = await repositories.layers.listFor(user.id);
    const sublists = await repositories.sublists.listFor(layer!.id);
    const members = sublists.map((s) => new Set(fake.playlist(s.playlistId).trackIds));
    const liked = fake.likedTrackIds(user.spotify).filter((t) => !user.labelled.has(t));
    // Half from the sublists (so every sublist has examples), half from anywhere in Liked Songs.
    const inSublists = liked.filter((t) => members.some((m) => m.has(t)));
    for (let k = 0; k < count; k++) {
      const pool = k % 2 === 0 && inSublists.length > 0 ? inSublists : liked;
      const trackId = pool.splice(Math.floor(random() * pool.length), 1)[0];
      if (!trackId || user.labelled.has(trackId)) continue;
      const at = members.findIndex((m) => m.has(trackId));
      await labelService.record(layer!, sublists, trackId, at < 0 ? [] : [sublists[at]!.id], 'session');
      user.labelled.add(trackId);
      counts.labels++;
    }
  };
  /** /label, then training and /sort, as the commands run them. */
  const labelTrainSort = async (user: BenchUser, labels: number) => {
    await answer(user, labels);
    const [layer] = await repositories.layers.listFor(user.id);
    await models.train(user.id, layer!);
    counts.trainings++;
    try {
      await sortRuns.sort(user.id, layer!, { dryRun: false });
      counts.sorts++;
    } catch {
      counts.failedSorts++;
    }
  };

  // The first (full) reads, as after /link, postponed by the budget as needed; then each user's
  // first /label (40 answers), training and /sort. The measured days start a day after that.
  for (const user of users)
    for (;;) {
      try {
        await jobs.scheduled.syncUser(user.id);
        break;
      } catch {
        simulated += 3_600_000;
      }
    }
  process.stderr.write(`${name}: first reads done, ${Math.round((Date.now() - startedAt) / 1000)} s\n`);
  for (const user of users) await labelTrainSort(user, 40);
  process.stderr.write(`${name}: first sorts done, ${Math.round((Date.now() - startedAt) / 1000)} s\n`);
  if (quota !== null) fake.setDailyQuota({ requests: quota });
  const measuredFrom = fake.requests.length;
  const start = simulated + DAY_MS;
  simulated = start;

  // Each user likes 0–15 songs a day at random times, edits a sublist by hand on two days a week
  // and runs /label + /sort once a week (on their own weekday).
  type BenchEvent = {
    at: number;
    user: BenchUser;
    kind: 'like' | 'edit' | 'label-sort';
    playlistId?: string;
  };
  const events: BenchEvent[] = [];
  const someTimeOn = (day: number) => start + day * DAY_MS + Math.floor(random() * DAY_MS);
  for (let day = 0; day < DAYS; day++)
    for (const [u, user] of users.entries()) {
      const likes = Math.floor(random() * 16);
      for (let k = 0; k < likes; k++) events.push({ at: someTimeOn(day), user, kind: 'like' });
      if (day % 7 === 1 || day % 7 === 4)
        events.push({
          at: someTimeOn(day),
          user,
          kind: 'edit',
          playlistId: user.sublistPlaylists[Math.floor(random() * user.sublistPlaylists.length)]!,
        });
      if (day % 7 === u % 7) events.push({ at: someTimeOn(day), user, kind: 'label-sort' });
    }
  events.sort((a, b) => a.at - b.at);

  const likedAt = new Map<string, number>();
  /** Like → the first new-songs DM that places it or lists it as waiting. */
  const toDm = new Map<string, { minutes: number; how: 'placed' | 'waiting' }>();
  let dmsRead = 0;
  const readDms = () => {
    for (; dmsRead < notifier.sent.length; dmsRead++) {
      const { userId, message } = notifier.sent[dmsRead]!;
      if (message.kind !== 'new-songs') continue;
      const told = [
        ...(message.tracks ?? []).map((t) => ({ trackId: t.trackId, how: 'placed' as const })),
        ...(message.waiting ?? []).map((t) => ({ trackId: t.trackId, how: 'waiting' as const })),
      ];
      for (const { trackId, how } of told) {
        const key = `${userId}:${trackId}`;
        const at = likedAt.get(key);
        if (at !== undefined && !toDm.has(key)) toDm.set(key, { minutes: (simulated - at) / 60_000, how });
      }
    }
  };
  let failedSyncs = 0;
  const syncDue = async () => {
    for (const userId of await jobs.scheduled.dueUsers()) {
      await jobs.scheduled.syncUser(userId).catch(() => failedSyncs++);
      readDms();
    }
  };

  let next = 0;
  let daysDone = 0;
  let learnedBudget: number | null = null;
  const end = start + DAYS * DAY_MS;
  const result = () => {
    const measured = fake.requests.slice(measuredFrom);
    const times = measured.map((r) => r.at).sort((a, b) => a - b);
    let maxPer24h = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[j]! <= times[i]! - DAY_MS) j++;
      maxPer24h = Math.max(maxPer24h, i - j + 1);
    }
    const perDay = Array.from(
      { length: daysDone },
      (_, d) => times.filter((t) => t >= start + d * DAY_MS && t < start + (d + 1) * DAY_MS).length,
    ).sort((a, b) => a - b);
    const delays = [...toDm.values()].map((d) => d.minutes).sort((a, b) => a - b);
    const quotaDms = notifier.sent.filter((s) => s.message.kind === 'quota-blocked');
    return {
      budget: BUDGET,
      fakeQuota: quota,
      days: daysDone,
      daysPlanned: DAYS,
      users: users.length,
      maxRequestsPer24h: maxPer24h,
      medianRequestsPer24h: quantile(perDay, 0.5),
      tokenRequests: measured.filter((r) => r.service === 'accounts').length,
      quotaExceeded: measured.filter((r) => r.quotaExceeded).length,
      quotaBlocks: fake.dailyQuotaState()?.blocks ?? 0,
      likes: likedAt.size,
      likesSorted: toDm.size,
      likesPlacedInDm: [...toDm.values()].filter((d) => d.how === 'placed').length,
      likesWaitingInDm: [...toDm.values()].filter((d) => d.how === 'waiting').length,
      likeToDmMedianMin: quantile(delays, 0.5),
      likeToDmP95Min: quantile(delays, 0.95),
      failedSyncs,
      ...counts,
      quotaDmsPerUserMax: Math.max(0, ...users.map((u) => quotaDms.filter((d) => d.userId === u.id).length)),
      newSongDms: notifier.sent.filter((s) => s.message.kind === 'new-songs').length,
      learnedBudget,
      wallSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
  };

  const checkpoint = async () => {
    learnedBudget = (await harness.budget.use()).learned?.requests ?? null;
    writeFileSync(partialOf(name), `${JSON.stringify(result(), null, 2)}\n`);
  };

  for (; simulated < end; simulated += TICK_MS) {
    while (next < events.length && events[next]!.at <= simulated) {
      const event = events[next++]!;
      if (event.kind === 'label-sort') {
        await labelTrainSort(event.user, LABELS_PER_WEEK).catch(() => counts.failedSorts++);
        continue;
      }
      const liked = new Set(fake.likedTrackIds(event.user.spotify));
      const candidates = catalogue.filter((t) => !liked.has(t));
      const trackId = candidates[Math.floor(random() * candidates.length)]!;
      if (event.kind === 'like') {
        fake.likeTrack(event.user.spotify, trackId, new Date(event.at));
        likedAt.set(`${event.user.id}:${trackId}`, event.at);
      } else fake.addToPlaylistByHand(event.playlistId!, [trackId]);
    }
    await syncDue();
    if ((simulated - start + TICK_MS) % DAY_MS === 0) {
      daysDone++;
      await checkpoint();
      process.stderr.write(
        `${name} day ${daysDone}: ${fake.requests.length - measuredFrom} requests, ${toDm.size}/${likedAt.size} likes told, ${Math.round((Date.now() - startedAt) / 1000)} s\n`,
      );
    }
  }
  // Let the last likes' syncs run: up to a day more, counted like the rest.
  for (let extra = 0; extra < 144 && toDm.size < likedAt.size; extra++, simulated += TICK_MS) await syncDue();
  await checkpoint();
  await jobs.services.close();
  await pool.close();
  await harness.close();
  await fake.stop();
  await database.close();
};

const merge = () => {
  const [within, blocked] = (['within', 'blocked'] as const).map((name) =>
    existsSync(partialOf(name)) ? (JSON.parse(readFileSync(partialOf(name), 'utf8')) as object) : null,
  );
  const results = { ...within, blocked, date: new Date().toISOString(), node: process.version };
  writeFileSync(values.out!, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
};

if (values.scenario) {
  await runScenario(values.scenario as ScenarioName);
} else if (values.merge) {
  merge();
} else {
  // Both scenarios at once, one process each (the machine's cores are shared anyway).
  const script = fileURLToPath(import.meta.url);
  await Promise.all(
    Object.keys(SCENARIOS).map(
      (scenario) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--import',
              'tsx',
              script,
              '--scenario',
              scenario,
              '--days',
              String(DAYS),
              '--data',
              values.data!,
              '--out',
              values.out!,
            ],
            { stdio: 'inherit' },
          );
          child.once('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`${scenario} exited ${code}`)),
          );
        }),
    ),
  );
  merge();
}
process.exit(0);
