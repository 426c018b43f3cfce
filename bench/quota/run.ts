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
import { pino } from 'pino';
import { createSortingJobs } from '../../src/composition/sorting-jobs.js';
import { openDatabase } from '../../src/db/database.js';
import { createJobQueue } from '../../src/jobs/start-jobs.js';
import { ModelPool } from '../../src/ml/model-pool.js';
import { LabelService } from '../../src/services/labels/label.service.js';
import { FakeSpotify, readSnapshotFile } from '../../test/fakes/spotify/index.js';
import { MemoryNotifier } from '../../test/support/memory-notifier.js';
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
/**
 * The fake's quota counts Web API requests only (Spotify's quota is a Web API quota; nothing says
 * the token endpoint counts). The bot spends about 490 of them a day here, so `blocked` sets 400.
 */
const SCENARIOS = { within: null, blocked: 400 } as const;
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
  const notifier = new MemoryNotifier(harness.users, () => new Date(simulated));
  // pg-boss does not run: the retrainings keep-sorted queues (hand edits as answers) are kept here
  // and trained once their debounce (5 minutes, as pg-boss's) has passed, as its job would.
  const retrainsDue = new Map<string, { userId: string; at: number }>();
  const queue = {
    ...createJobQueue({ databaseUrl: database.url, logger: pino({ level: 'silent' }) }),
    queueRetrain: async (userId: string, layerId: string) => {
      retrainsDue.set(layerId, { userId, at: simulated + 5 * 60_000 });
    },
  };
  const pool = new ModelPool({ threads: 1, backend: 'cpu' });
  const jobs = createSortingJobs(
    sortingJobsOver(harness, {
      notifier,
      queue,
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

  const counts = { labels: 0, trainings: 0, retrainings: 0, failedRetrainings: 0, sorts: 0, failedSorts: 0 };
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
  /** Quota DMs per user and fake block (`user:block`). */
  const quotaDms = new Map<string, number>();
  const readDms = () => {
    for (; dmsRead < notifier.sent.length; dmsRead++) {
      const { userId, message } = notifier.sent[dmsRead]!;
      if (message.kind === 'quota-blocked') {
        const key = `${userId}:${fake.dailyQuotaState()?.blocks ?? 0}`;
        quotaDms.set(key, (quotaDms.get(key) ?? 0) + 1);
      }
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
  /** Why syncs failed (error code or name: message), with how often. */
  const syncErrors = new Map<string, number>();
  const toldErrors = new Set<string>();
  const stamp = () => `day ${((simulated - start) / DAY_MS).toFixed(3)}`;
  const syncDue = async () => {
    for (const userId of await jobs.scheduled.dueUsers()) {
      await jobs.scheduled.syncUser(userId).catch((error: unknown) => {
        failedSyncs++;
        const e = error as { code?: string; name?: string; message?: string };
        const why = `${e.code ?? e.name ?? 'error'}: ${e.message ?? String(error)}`;
        // Postponed by the budget or the block: the same reason is told once a simulated day.
        const kind = `${e.code ?? e.name ?? 'error'}`;
        const key = kind === 'spotify-budget' || kind === 'spotify-quota' ? kind : why;
        syncErrors.set(key, (syncErrors.get(key) ?? 0) + 1);
        const day = `${key} ${Math.floor((simulated - start) / DAY_MS)}`;
        if (!toldErrors.has(day))
          process.stderr.write(`${name} ${stamp()} sync of ${userId} failed: ${why}\n`);
        toldErrors.add(day);
      });
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
    const quotaDmsOf = (userId: string) =>
      notifier.sent.filter((s) => s.userId === userId && s.message.kind === 'quota-blocked').length;
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
      syncErrors: Object.fromEntries(syncErrors),
      ...counts,
      quotaDmsPerUserMax: Math.max(0, ...users.map((u) => quotaDmsOf(u.id))),
      quotaDmsPerUserPerBlockMax: Math.max(0, ...quotaDms.values()),
      quotaDmUsers: new Set([...quotaDms.keys()].map((k) => k.split(':')[0])).size,
      blocks: blocks.map((b) => ({
        ...b,
        // The first Web API request Spotify answered after the block ended: the bot went on by itself.
        recoveredAtDay: recoveredAt(b.untilDay),
      })),
      newSongDms: notifier.sent.filter((s) => s.message.kind === 'new-songs').length,
      learnedBudget,
      wallSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
  };

  /** Where each like no DM named went: the layer's intake, its waiting songs, the runs that name it. */
  const explainMissing = async () => {
    const q = (sql: string, params: unknown[]) =>
      database.dataSource.query(sql, params) as Promise<unknown[]>;
    for (const [key, at] of likedAt) {
      if (toDm.has(key)) continue;
      const [userId, trackId] = key.split(':') as [string, string];
      const [layer] = await repositories.layers.listFor(userId);
      const intake = await q(`select 1 from layer_tracks where layer_id = $1 and track_id = $2`, [
        layer!.id,
        trackId,
      ]);
      const waiting = await q(`select 1 from waiting_tracks where layer_id = $1 and track_id = $2`, [
        layer!.id,
        trackId,
      ]);
      const runs = (await q(
        `select kind, status, dm_pending, dm_sent_at, created_at, summary->'perSublist' as per, jsonb_array_length(coalesce(summary->'waiting','[]'::jsonb)) as w, summary->'confidence' as c from sort_runs where layer_id = $1 and (summary::text like $2) order by created_at`,
        [layer!.id, `%${trackId}%`],
      )) as unknown[];
      const labels = await q(`select source from labels where layer_id = $1 and track_id = $2`, [
        layer!.id,
        trackId,
      ]);
      const dms = notifier.sent.filter(
        (s) =>
          s.userId === userId &&
          s.message.kind === 'new-songs' &&
          JSON.stringify(s.message).includes(trackId),
      ).length;
      process.stderr.write(
        `${name} missing ${key} liked ${((at - start) / DAY_MS).toFixed(3)}: intake ${intake.length} waiting ${waiting.length} labels ${JSON.stringify(labels)} dms ${dms} runs ${JSON.stringify(runs)}\n`,
      );
    }
  };

  /** The fake's blocks as the bench saw them start (simulated day of the start, and of the end). */
  const blocks: { fromDay: number; untilDay: number }[] = [];
  const toDay = (at: number) => Math.round(((at - start) / DAY_MS) * 1000) / 1000;
  const watchBlocks = () => {
    const state = fake.dailyQuotaState();
    if (!state || state.blocks <= blocks.length) return;
    const after = blocks.length > 0 ? start + blocks[blocks.length - 1]!.untilDay * DAY_MS : 0;
    const first = fake.requests.find((r) => r.quotaExceeded && r.at >= after);
    blocks.push({ fromDay: toDay(first?.at ?? simulated), untilDay: toDay(state.blockedUntil) });
  };
  const recoveredAt = (untilDay: number) => {
    const until = start + untilDay * DAY_MS;
    const first = fake.requests.find((r) => r.service === 'api' && r.at >= until && r.status < 400);
    return first ? toDay(first.at) : null;
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
    for (const [layerId, due] of retrainsDue) {
      if (due.at > simulated) continue;
      retrainsDue.delete(layerId);
      const layer = await repositories.layers.byId(layerId);
      if (!layer) continue;
      await models.train(due.userId, layer).then(
        () => counts.retrainings++,
        () => counts.failedRetrainings++,
      );
    }
    await syncDue();
    watchBlocks();
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
  await explainMissing();
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
