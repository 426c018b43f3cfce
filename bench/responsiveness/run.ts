/**
 * Does one user's big model work slow down everyone else? (issue 22) The real bot (discord.js
 * against the fake Discord, real services, the model thread pool, embedded database, the fake
 * Spotify over HTTP): a heavy user trains and then sorts a layer over the 28,356-track
 * tidytuesday-genres library (500 labels) while `--others` users press a label button every
 * `--interval` ms. The same train + sort by an identical second heavy user alone gives the
 * baseline. Writes bench/responsiveness/results.json.
 *
 * Usage: npm run bench:responsiveness -- [--others 10] [--other-tracks 400] [--labels 500] [--threads 2] [--recycle-mb 320]
 * Reads /work/shared/data/tidytuesday-genres.json.gz at run time (never committed).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createBotPorts } from '../../src/composition/bot-ports.js';
import { createBotServices } from '../../src/composition/bot-services.js';
import { createRepositories } from '../../src/composition/repositories.js';
import { parseLibrarySnapshot } from '../../src/core/library-snapshot.js';
import { createSortingServices } from '../../src/composition/sorting.js';
import type { BackendPreference } from '../../src/ml/backend.js';
import { ModelPool } from '../../src/ml/model-pool.js';
import { createRandom, shuffled } from '../../src/ml/random.js';
import { SpotifyPlaylistWriter } from '../../src/spotify/playlist-writer.js';
import { buttonLabels, findButton, startFakeDiscord, type FakeUser } from '../../test/fakes/discord/index.js';
import { readSnapshotFile } from '../../test/fakes/spotify/index.js';
import { deployAndStartBot, quietLogger } from '../../test/support/bot/bot-harness.js';
import { startTrainingQueue } from '../../test/support/bot/training-queue.js';
import { genreSeedTracks, GENRES } from '../../test/support/sorting-world.js';
import { openDatabase } from '../../src/db/database.js';
import { createSpotifyLimiter } from '../../src/spotify/rate-limiter.js';
import { startSpotifyHarness } from '../../test/support/spotify/spotify-harness.js';

const { values } = parseArgs({
  options: {
    snapshot: { type: 'string', default: '/work/shared/data/tidytuesday-genres.json.gz' },
    others: { type: 'string', default: '10' },
    // Enough songs that no light user's label session runs out before the heavy work ends
    // (60 ran out after ~40 s of a 68 s run).
    'other-tracks': { type: 'string', default: '400' },
    labels: { type: 'string', default: '500' },
    interval: { type: 'string', default: '300' },
    threads: { type: 'string', default: '2' },
    backend: { type: 'string', default: 'wasm' },
    // A model thread holding more than this after a task is replaced (default: the pool's).
    'recycle-mb': { type: 'string' },
    out: { type: 'string', default: 'bench/responsiveness/results.json' },
  },
});
const OTHERS = Number(values.others);
const OTHER_TRACKS = Number(values['other-tracks']);
const INTERVAL_MS = Number(values.interval);
const DISCORD_DEADLINE_MS = 3_000;

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
let peakRssBytes = 0;
/** What the process held when its RSS peaked: this thread's heap and external memory, each model thread's. */
let atPeak: Record<string, number | number[]> = {};
let threadFootprints = (): number[] => [];
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss <= peakRssBytes) return;
  peakRssBytes = rss;
  const { heapTotal, external } = process.memoryUsage();
  atPeak = {
    rssMb: mb(rss),
    mainHeapMb: mb(heapTotal),
    mainExternalMb: mb(external),
    modelThreadsMb: threadFootprints().map(mb),
  };
}, 200);

/** The embedded database thread's peak WebAssembly memory and external (in-memory files included) bytes. */
const databasePeak = { wasmMb: 0, externalMb: 0, heapMb: 0 };
let databaseSampler: NodeJS.Timeout | undefined;

/** The library file, read for seeding only: nothing holds it afterwards (it is not the bot's memory). */
const readLibrary = async () => {
  const raw = await readSnapshotFile(values.snapshot ?? '');
  const snapshot = parseLibrarySnapshot(raw);
  const scenario = snapshot.scenarios[0];
  if (!scenario) throw new Error('the snapshot has no scenario');
  return { raw, snapshot, scenario };
};
type Library = Awaited<ReturnType<typeof readLibrary>>;
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, embeddedDirectory: undefined });
if (database.embedded) {
  const embedded = database.embedded;
  databaseSampler = setInterval(() => {
    embedded.usage().then(
      (usage) => {
        databasePeak.wasmMb = Math.max(databasePeak.wasmMb, mb(usage.wasm));
        databasePeak.externalMb = Math.max(databasePeak.externalMb, mb(usage.external));
        databasePeak.heapMb = Math.max(databasePeak.heapMb, mb(usage.heap));
      },
      () => undefined,
    );
  }, 1_000);
}
const harness = await startSpotifyHarness({
  database,
  transport: {},
  limiter: createSpotifyLimiter({ clientId: 'bench', redisUrl: undefined }),
});
const pool = new ModelPool({
  threads: Number(values.threads),
  backend: values.backend as BackendPreference,
  ...(values['recycle-mb'] ? { recycleAboveMb: Number(values['recycle-mb']) } : {}),
});
threadFootprints = () => pool.threadFootprints();
log(`model threads: ${values.threads} on ${await pool.ready()}`);
const sorting = createSortingServices(harness.database, {
  writer: new SpotifyPlaylistWriter(harness.sessions),
  modelWork: pool,
});
const names = ['heavy', 'alone', ...Array.from({ length: OTHERS }, (_, i) => `other${i}`)];
const discord = await startFakeDiscord({ users: names, waitTimeoutMs: 600_000 });
// /train runs as a job of the queue, worked in this process as the bot's process does by default.
const training = await startTrainingQueue({
  database: harness.database,
  trainer: sorting.models,
  discord,
  logger: quietLogger,
});
const set = createBotServices(
  createRepositories(harness.database),
  createBotPorts({
    trainings: training.trainings,
    // Users are linked directly (harness.link); nobody runs /link here.
    link: { createLinkUrl: () => Promise.reject(new Error('/link is not part of this benchmark')) },
    spotify: harness.sessions,
    playlistReader: new SpotifyPlaylistWriter(harness.sessions),
    sorting,
  }),
  { defaultSyncIntervalMinutes: 10 },
);
const bot = await deployAndStartBot(discord, set);
const r = sorting.repositories;

/** A linked user whose Liked Songs the bot has read, with a layer whose sublists are new playlists. */
const heavyUser = async (person: FakeUser, { raw, snapshot, scenario }: Library) => {
  const spotifyUser = `${person.username}-spotify`;
  harness.fake.addUser({ id: spotifyUser });
  // The snapshot's tracks are the Liked Songs; its genre playlists hold the answers and stay out.
  const seeded = snapshot.tracks.map((t, i) => ({
    track_id: t.id,
    added_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
  }));
  harness.fake.seedFromSnapshot(spotifyUser, { ...raw, liked: seeded }, { playlists: false });
  await harness.database.dataSource.query(`insert into users (id) values ($1)`, [person.id]);
  await harness.link(person.id, spotifyUser);
  await harness.sync.syncLibrary(person.id);
  const layer = await r.layers.create({
    userId: person.id,
    name: 'Genres',
    motherlistId: 'liked',
    mutual: scenario.mutual,
    complete: scenario.complete,
  });
  const sublistIds: string[] = [];
  for (const s of scenario.sublists) {
    const playlistId = harness.fake.createPlaylistByHand(spotifyUser, { name: s.name, trackIds: [] });
    sublistIds.push((await r.sublists.add(layer.id, s.name, playlistId)).id);
  }
  const truth = new Map<string, string[]>();
  scenario.sublists.forEach((s, k) => {
    for (const id of s.track_ids) truth.set(id, [...(truth.get(id) ?? []), sublistIds[k] as string]);
  });
  const liked = harness.fake.likedTrackIds(spotifyUser);
  const labeled = shuffled(liked, createRandom(7)).slice(0, Number(values.labels));
  await r.labels.putMany(
    layer.id,
    labeled.map((trackId) => ({ trackId, sublistIds: truth.get(trackId) ?? [] })),
    'import',
    [],
  );
  return { person, tracks: liked.length };
};

/** /train until its result, then /sort until its summary: the heavy user's work, timed. */
const trainAndSort = async (person: FakeUser) => {
  const started = performance.now();
  const trained = await discord
    .runSlashCommand({ user: person, name: 'train', options: { layer: 'Genres' } })
    .waitForReply((reply) => reply.embeds.length > 0 || reply.content.includes('went wrong'), {
      timeoutMs: 600_000,
    });
  const trainMs = performance.now() - started;
  const sorted = await discord
    .runSlashCommand({ user: person, name: 'sort', options: { layer: 'Genres' } })
    .waitForReply(
      (reply) =>
        reply.embeds[0]?.title?.startsWith('Sorted') === true || reply.content.includes('went wrong'),
      { timeoutMs: 600_000 },
    );
  const totalMs = performance.now() - started;
  return {
    totalMs,
    trainMs,
    sortMs: totalMs - trainMs,
    trained: trained.embeds[0]?.title ?? trained.content,
    sorted: sorted.embeds[0]?.title ?? sorted.content,
  };
};

log('seeding the two heavy users (28k tracks each, synced through the fake Spotify)');
const [heavy, alone] = await (async () => {
  const library = await readLibrary();
  return [await heavyUser(discord.user('heavy'), library), await heavyUser(discord.user('alone'), library)];
})();
log(`heavy users ready: ${heavy.tracks} tracks each`);

const others = await Promise.all(
  names.slice(2).map(async (name, i) => {
    const person = discord.user(name);
    const spotifyUser = `${name}-spotify`;
    harness.fake.addUser({ id: spotifyUser });
    const { playlistIds } = harness.fake.seedLibrary(spotifyUser, {
      tracks: genreSeedTracks(OTHER_TRACKS, `o${i}x`),
      liked: genreSeedTracks(OTHER_TRACKS, `o${i}x`).map((t) => ({ trackId: t.id })),
      playlists: GENRES.map((genre) => ({ name: genre, trackIds: [] })),
    });
    await harness.database.dataSource.query(`insert into users (id) values ($1)`, [person.id]);
    await harness.link(person.id, spotifyUser);
    await harness.sync.syncLibrary(person.id);
    const layer = await r.layers.create({
      userId: person.id,
      name: 'Mine',
      motherlistId: 'liked',
      mutual: true,
      complete: true,
    });
    for (const [k, genre] of GENRES.entries())
      await r.sublists.add(layer.id, genre, playlistIds[k] as string);
    return person;
  }),
);
log(`${others.length} other users ready`);

log('baseline: the second heavy user trains and sorts alone');
const baseline = await trainAndSort(alone.person);
log(`alone: ${JSON.stringify(baseline)}`);

const acks: number[] = [];
const nextCards: number[] = [];
let late = 0;
let broken = 0;
let labeling = true;
const label = async (person: FakeUser, index: number) => {
  const channel = discord.dmChannelOf(person);
  const command = discord.runSlashCommand({
    user: person,
    name: 'label',
    options: { layer: 'Mine' },
    channel,
  });
  // A label session is one message edited in place: the command's reply, then each card on it.
  let card = (
    await command.waitForReply((reply) => buttonLabels(reply.message).includes('Skip'), {
      timeoutMs: 60_000,
    })
  ).message;
  for (let n = 0; labeling; n += 1) {
    const pressedAt = performance.now();
    const press = discord.pressButton({
      user: person,
      message: card.id,
      customId: findButton(card, GENRES[(index + n) % GENRES.length] as string).custom_id,
    });
    try {
      const ack = (await press.firstResponse({ timeoutMs: 30_000 })).elapsedMs;
      acks.push(ack);
      if (ack > DISCORD_DEADLINE_MS) late += 1;
    } catch {
      late += 1;
    }
    const { id, embeds } = card;
    const previousTrack = embeds[0]?.url;
    card = await discord.waitFor(
      () => {
        const message = discord.message(id);
        return message.embeds[0]?.url !== previousTrack && buttonLabels(message).includes('Skip')
          ? message
          : undefined;
      },
      { what: `${person.username}'s next card`, timeoutMs: 60_000 },
    );
    nextCards.push(performance.now() - pressedAt);
    const wait = INTERVAL_MS - (performance.now() - pressedAt);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
};

log(
  `with others: the heavy user trains and sorts while ${others.length} users press every ${INTERVAL_MS} ms`,
);
const sessions = others.map((person, i) =>
  label(person, i).catch((error: unknown) => {
    broken += 1;
    log(`session of ${person.username} broke off: ${String(error)}`);
  }),
);
await new Promise((resolve) => setTimeout(resolve, 3_000));
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const mainBefore = performance.eventLoopUtilization();
const databaseBefore = await database.embedded?.usage();
const withOthers = await trainAndSort(heavy.person);
const mainUtilization = performance.eventLoopUtilization(mainBefore).utilization;
const databaseAfter = await database.embedded?.usage();
delay.disable();
labeling = false;
await Promise.all(sessions);
log(`with others: ${JSON.stringify(withOthers)}`);

const results = {
  ackP99Ms: Math.round(percentile(acks, 99)),
  nextCardP99Ms: Math.round(percentile(nextCards, 99)),
  late,
  eventLoopDelayP99Ms: Math.round((delay.percentile(99) / 1e6) * 10) / 10,
  heavyAloneMs: Math.round(baseline.totalMs),
  heavyWithOthersMs: Math.round(withOthers.totalMs),
  peakMemoryMb: Math.round(peakRssBytes / 2 ** 20),
  details: {
    presses: acks.length,
    ackP50Ms: Math.round(percentile(acks, 50)),
    ackMaxMs: Math.round(Math.max(...acks)),
    nextCardP50Ms: Math.round(percentile(nextCards, 50)),
    nextCardMaxMs: Math.round(Math.max(...nextCards)),
    eventLoopDelayMaxMs: Math.round(delay.max / 1e6),
    brokenSessions: broken,
    slowdown: Math.round((withOthers.totalMs / baseline.totalMs) * 100) / 100,
    alone: baseline,
    withOthers,
    tracks: heavy.tracks,
    labels: Number(values.labels),
    others: OTHERS,
    otherTracks: OTHER_TRACKS,
    intervalMs: INTERVAL_MS,
    modelThreads: Number(values.threads),
    backend: pool.backend(),
    cpus: cpus().length,
    loadAverageAfter: loadavg().map((l) => Math.round(l * 10) / 10),
    memoryAtPeak: atPeak,
    databaseThreadPeak: databasePeak,
    modelThreadPeakMb: mb(pool.peakThreadFootprint()),
    /** Share of the heavy work's time each event loop was busy (1 = saturated). */
    utilizationWithOthers: {
      main: Math.round(mainUtilization * 100) / 100,
      database:
        databaseBefore && databaseAfter
          ? Math.round(
              ((databaseAfter.activeMs - databaseBefore.activeMs) /
                (databaseAfter.activeMs -
                  databaseBefore.activeMs +
                  databaseAfter.idleMs -
                  databaseBefore.idleMs)) *
                100,
            ) / 100
          : undefined,
    },
    peakMemoryNote:
      'maximum RSS of the one bench process: bot, model threads, embedded database (its own thread), fake Discord and fake Spotify; memoryAtPeak: the main thread (bot, both fakes) and each model thread after its last task; databaseThreadPeak: the embedded database thread sampled every second (external includes its WebAssembly memory and, in memory, its files); modelThreadPeakMb: the most one model thread held during a task',
    date: new Date().toISOString(),
  },
};
writeFileSync(values.out ?? 'bench/responsiveness/results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
clearInterval(sampler);
clearInterval(databaseSampler);
await bot.stop();
await training.stop();
await discord.close();
await sorting.close();
await pool.close();
await harness.close();
await database.close();
process.exit(0);
