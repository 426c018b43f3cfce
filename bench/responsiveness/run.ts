/**
 * Does one user's big model work slow down everyone else? (issue 22) The bot runs as `npm start`
 * runs it: src/main.ts in a process of its own (through tsx), configured only by its environment,
 * with the embedded database on disk under a temporary DATA_DIR and its model thread pool, talking
 * to the fake Discord and the fake Spotify over HTTP. This process holds only the two fakes and the
 * simulated users: it seeds the database on that DATA_DIR before the bot starts (users, linked
 * Spotify accounts, libraries synced through the fake Spotify, layers, imported labels), then a heavy
 * user trains and sorts a layer over the 28,356-track tidytuesday-genres library (500 labels) while
 * `--others` users press a label button every `--interval` ms. The same train + sort by an identical
 * second heavy user alone gives the baseline. The event-loop delay is the bot's own (its /metrics),
 * the memory that of the bot's process tree (/proc). Writes bench/responsiveness/results.json.
 *
 * Usage: npm run bench:responsiveness -- [--others 10] [--other-tracks 400] [--labels 500] [--threads 2] [--backend wasm] [--out file]
 * Reads /work/shared/data/tidytuesday-genres.json.gz at run time (never committed).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { deployCommands } from '../../src/bot/deploy-commands.js';
import { createRepositories } from '../../src/composition/repositories.js';
import { parseLibrarySnapshot } from '../../src/core/library-snapshot.js';
import { embeddedDirectoryOf, openDatabase } from '../../src/db/database.js';
import { createSpotifyLimiter } from '../../src/spotify/rate-limiter.js';
import { TokenCipher } from '../../src/spotify/token-cipher.js';
import { startMainProcess, stopProcess } from '../../test/e2e/support/house-processes.js';
import { buttonLabels, findButton, startFakeDiscord, type FakeUser } from '../../test/fakes/discord/index.js';
import { readSnapshotFile } from '../../test/fakes/spotify/index.js';
import { genreSeedTracks, GENRES } from '../../test/support/sorting-world.js';
import { CLIENT_ID, CLIENT_SECRET, startSpotifyHarness } from '../../test/support/spotify/spotify-harness.js';
import { createScenarioLayer } from '../support/scenario-layer.js';
import { highWaterBytes, treeResidentBytes } from './process-tree.js';

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
    // Was the pool's recycling threshold when the bot ran in this process; the bot takes no such setting.
    'recycle-mb': { type: 'string' },
    out: { type: 'string', default: 'bench/responsiveness/results.json' },
  },
});
if (values['recycle-mb'] !== undefined) {
  console.error(
    "--recycle-mb: the bot now runs as `npm start` does, configured by src/config.ts, which has no setting for the model threads' recycling threshold; the pool's default applies.",
  );
  process.exit(2);
}
const OTHERS = Number(values.others);
const OTHER_TRACKS = Number(values['other-tracks']);
const INTERVAL_MS = Number(values.interval);
const DISCORD_DEADLINE_MS = 3_000;
// JOB_POLL_MS left at the product default: an idle bot picks a /train up within 2 s, as in production.
const JOB_POLL_MS = 2_000;
// A week: the users synced here stay out of the bot's cron syncs, which would re-read a 28k library
// in the middle of the heavy work (the default 10 minutes is shorter than seeding plus the run).
const SYNC_INTERVAL_MINUTES = 10_080;
// The seeding's ~1,200 library reads count in the bot's rolling 24 h Spotify budget (the product's
// 1,000 would refuse every /sort after it); a real bot's users were synced over many days.
const SPOTIFY_DAILY_BUDGET = 1_000_000;

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** A port free now, for the bot's HTTP_PORT (its /metrics). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const folder = mkdtempSync(join(tmpdir(), 'motherlist-responsiveness-'));
const dataDir = join(folder, 'data');
// TOKEN_ENCRYPTION_KEY of the bot; the tokens seeded here are encrypted under it (one key: id k1).
const tokenKey = randomBytes(32);

/** The library file, read for seeding only. */
const readLibrary = async () => {
  const raw = await readSnapshotFile(values.snapshot ?? '');
  const snapshot = parseLibrarySnapshot(raw);
  const scenario = snapshot.scenarios[0];
  if (!scenario) throw new Error('the snapshot has no scenario');
  return { raw, snapshot, scenario };
};
type Library = Awaited<ReturnType<typeof readLibrary>>;

// Seeding: the embedded database the bot will open, opened here first and closed before it starts.
const database = await openDatabase({
  databaseUrl: undefined,
  embeddedDirectory: embeddedDirectoryOf(dataDir),
});
const harness = await startSpotifyHarness({
  database,
  transport: {},
  limiter: createSpotifyLimiter({ clientId: 'bench', redisUrl: undefined }),
  cipher: new TokenCipher([{ id: 'k1', key: tokenKey }]),
});
const names = ['heavy', 'alone', ...Array.from({ length: OTHERS }, (_, i) => `other${i}`)];
const discord = await startFakeDiscord({ users: names, waitTimeoutMs: 600_000 });
await deployCommands({ token: discord.token, apiUrl: discord.apiUrl, guildId: undefined });
const r = createRepositories(database);

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
  await database.dataSource.query(`insert into users (id) values ($1)`, [person.id]);
  await harness.link(person.id, spotifyUser);
  await harness.sync.syncLibrary(person.id);
  const { liked } = await createScenarioLayer(
    r,
    harness.fake,
    { userId: person.id, spotifyUser },
    scenario,
    Number(values.labels),
  );
  return { person, tracks: liked.length };
};

log(`seeding the two heavy users (28k tracks each, synced through the fake Spotify) into ${dataDir}`);
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
    await database.dataSource.query(`insert into users (id) values ($1)`, [person.id]);
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
await database.close();
log(`${others.length} other users ready; database closed`);

const metricsPort = await freePort();
const bot = startMainProcess({
  dataDir,
  tokenKey,
  discord,
  spotify: {
    apiUrl: harness.fake.apiUrl,
    accountsUrl: harness.fake.accountsUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  },
  modelThreads: Number(values.threads),
  backend: values.backend ?? 'wasm',
  metricsPort,
  jobPollMs: JOB_POLL_MS,
  syncIntervalMinutes: SYNC_INTERVAL_MINUTES,
  spotifyDailyBudget: SPOTIFY_DAILY_BUDGET,
});
const botPid = bot.child.pid as number;

let stopping = false;
const botLog = (lines: number) => {
  const all = bot.output().trimEnd().split('\n');
  return `its last ${Math.min(all.length, lines)} of ${all.length} lines:\n${all.slice(-lines).join('\n')}`;
};
/** The bot dying in the middle fails the bench at once, with what it printed (no waiting out timeouts). */
void bot.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(
    `the bot (src/main.ts, pid ${botPid}) exited (${code ?? signal}) in the middle of the bench (its DATA_DIR stays in ${folder}); ${botLog(300)}`,
  );
  process.exit(1);
});
// The bench failing or interrupted stops the bot too (it shuts itself down on SIGTERM), and keeps its DATA_DIR.
process.on('exit', (code) => {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  bot.child.kill('SIGTERM');
  console.error(
    `the bench ended (${code}) before the bot; sent it SIGTERM. Its DATA_DIR stays in ${folder}; ${botLog(50)}`,
  );
});
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

/**
 * What the bot's threads hold, from its /metrics about once a second (only these metrics, so the
 * event-loop histogram that a full scrape resets is left alone): the main thread's heap and external
 * memory (prom-client's defaults) and each worker thread's (motherlist_thread_memory_bytes), as
 * `main.heap`, `model-1.external`, `database.external`... in bytes, and how much of each heap objects
 * occupy (`main.heapUsed`...).
 */
const MEMORY_METRICS = [
  'nodejs_heap_size_total_bytes',
  'nodejs_external_memory_bytes',
  'motherlist_thread_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'motherlist_thread_heap_used_bytes',
];
const readThreadMemory = async (): Promise<Record<string, number>> => {
  const query = MEMORY_METRICS.map((name) => `name=${name}`).join('&');
  const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics?${query}`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const parts: Record<string, number> = {};
  for (const line of (await response.text()).split('\n')) {
    const sample = /^(\w+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const [, name, labels = '', value] = sample;
    const label = (key: string) => new RegExp(`${key}="([^"]*)"`).exec(labels)?.[1];
    if (name === 'nodejs_heap_size_total_bytes') parts['main.heap'] = Number(value);
    else if (name === 'nodejs_external_memory_bytes') parts['main.external'] = Number(value);
    else if (name === 'nodejs_heap_size_used_bytes') parts['main.heapUsed'] = Number(value);
    else if (name === 'motherlist_thread_heap_used_bytes')
      parts[`${label('thread')}.heapUsed`] = Number(value);
    else parts[`${label('thread')}.${label('space')}`] = Number(value);
  }
  return parts;
};
/** The latest reading, each part's own peak, and the reading in hand when the bot's RSS peaked. */
const threadMemory = {
  latest: undefined as { at: number; parts: Record<string, number> } | undefined,
  peaks: {} as Record<string, number>,
  atBotPeak: undefined as { parts: Record<string, number>; ageMs: number } | undefined,
  readings: 0,
  failures: 0,
};
let watchingThreads = true;
const watchThreads = async () => {
  while (watchingThreads) {
    const started = performance.now();
    try {
      const parts = await readThreadMemory();
      threadMemory.latest = { at: performance.now(), parts };
      threadMemory.readings += 1;
      for (const [part, bytes] of Object.entries(parts))
        threadMemory.peaks[part] = Math.max(threadMemory.peaks[part] ?? 0, bytes);
    } catch {
      threadMemory.failures += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (performance.now() - started))));
  }
};

/** Peak RSS of the bot's process tree, of this process (fakes and users), and of both at one sample. */
const peaks = { botBytes: 0, botProcesses: 0, benchBytes: 0, sumBytes: 0, botWithOthersBytes: 0 };
let heavyWithOthersRunning = false;
/** What the bench was doing, to say when the bot's RSS peaked. */
type Phase = 'starting' | 'idle' | 'alone' | 'with others';
let phase = 'starting' as Phase;
let botPeakPhase: Phase = phase;
const sampler = setInterval(() => {
  const tree = treeResidentBytes(botPid);
  const bench = process.memoryUsage.rss();
  if (tree.bytes > peaks.botBytes && threadMemory.latest)
    threadMemory.atBotPeak = {
      parts: threadMemory.latest.parts,
      ageMs: Math.round(performance.now() - threadMemory.latest.at),
    };
  if (tree.bytes > peaks.botBytes) botPeakPhase = phase;
  peaks.botBytes = Math.max(peaks.botBytes, tree.bytes);
  peaks.botProcesses = Math.max(peaks.botProcesses, tree.processes);
  peaks.benchBytes = Math.max(peaks.benchBytes, bench);
  peaks.sumBytes = Math.max(peaks.sumBytes, tree.bytes + bench);
  if (heavyWithOthersRunning) peaks.botWithOthersBytes = Math.max(peaks.botWithOthersBytes, tree.bytes);
}, 200);

// A bot that neither connects nor exits fails the bench instead of holding it.
const STARTUP_TIMEOUT_MS = 300_000;
await Promise.race([
  bot.ready,
  new Promise((_, reject) =>
    setTimeout(
      () => reject(new Error(`the bot was not connected to Discord within ${STARTUP_TIMEOUT_MS / 1000} s`)),
      STARTUP_TIMEOUT_MS,
    ).unref(),
  ),
]);
phase = 'idle';
const threadWatch = watchThreads();
log(
  `bot started (pid ${botPid}, ${values.threads} model threads on ${values.backend}, metrics on port ${metricsPort})`,
);

/** The bot's Prometheus metrics (no labels on the ones read here). */
const scrape = async (): Promise<Record<string, number>> => {
  const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const metrics: Record<string, number> = {};
  for (const line of (await response.text()).split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$/.exec(line);
    if (sample) metrics[sample[1] as string] = Number(sample[2]);
  }
  return metrics;
};
const seconds = (metrics: Record<string, number>, name: string): number => {
  const value = metrics[name];
  if (value === undefined) throw new Error(`the bot's /metrics has no ${name}`);
  return value;
};
const cpuSeconds = (m: Record<string, number>) =>
  seconds(m, 'process_cpu_user_seconds_total') + seconds(m, 'process_cpu_system_seconds_total');

/**
 * Measures `work` from the bot's side: prom-client's event-loop histogram (monitorEventLoopDelay,
 * 10 ms resolution) is read and reset by each scrape, so the scrape after covers exactly the time
 * since the scrape before.
 */
const observed = async <T>(work: () => Promise<T>) => {
  const before = await scrape();
  // Before the work, not after it: a bot without the histogram fails the bench at once.
  seconds(before, 'nodejs_eventloop_lag_p99_seconds');
  const started = performance.now();
  const result = await work();
  const wallSeconds = (performance.now() - started) / 1000;
  const after = await scrape();
  return {
    result,
    eventLoopDelayP99Ms: Math.round(seconds(after, 'nodejs_eventloop_lag_p99_seconds') * 10_000) / 10,
    eventLoopDelayMaxMs: Math.round(seconds(after, 'nodejs_eventloop_lag_max_seconds') * 1000),
    /** CPU the bot's process used (all threads), in cores: 2 is both cores of this machine. */
    botCores: Math.round(((cpuSeconds(after) - cpuSeconds(before)) / wallSeconds) * 100) / 100,
    heapMbAfter: mb(seconds(after, 'nodejs_heap_size_total_bytes')),
    externalMbAfter: mb(seconds(after, 'nodejs_external_memory_bytes')),
  };
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
    // Deferred: its first words are its answer, the summary or a refusal.
    .waitForReply((reply) => reply.embeds.length > 0 || reply.content !== '', { timeoutMs: 600_000 });
  const totalMs = performance.now() - started;
  if (
    trained.embeds[0]?.title?.endsWith('trained') !== true ||
    sorted.embeds[0]?.title?.startsWith('Sorted') !== true
  )
    throw new Error(
      `${person.username}'s /train or /sort did not succeed: ${JSON.stringify({ trained: trained.embeds[0]?.title ?? trained.content, sorted: sorted.embeds[0]?.title ?? sorted.content })}`,
    );
  return {
    totalMs,
    trainMs,
    sortMs: totalMs - trainMs,
    trained: trained.embeds[0]?.title ?? trained.content,
    sorted: sorted.embeds[0]?.title ?? sorted.content,
  };
};

log('baseline: the second heavy user trains and sorts alone');
phase = 'alone';
const baseline = await observed(() => trainAndSort(alone.person));
phase = 'idle';
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
heavyWithOthersRunning = true;
phase = 'with others';
const withOthers = await observed(() => trainAndSort(heavy.person));
heavyWithOthersRunning = false;
labeling = false;
await Promise.all(sessions);
log(`with others: ${JSON.stringify(withOthers)}`);
clearInterval(sampler);
const botHighWaterBytes = highWaterBytes(botPid);
watchingThreads = false;
await threadWatch;

/** Bytes to MB for each part, with what the parts leave of `rssBytes` (code, allocator, untouched wasm...). */
const breakdownMb = (parts: Record<string, number>, rssBytes?: number) => {
  const byPart = Object.fromEntries(Object.entries(parts).map(([part, bytes]) => [part, mb(bytes)]));
  // `*.heapUsed` is part of `*.heap`, not beside it.
  const sum = Object.entries(parts)
    .filter(([part]) => !part.endsWith('.heapUsed'))
    .reduce((total, [, bytes]) => total + bytes, 0);
  return rssBytes === undefined
    ? byPart
    : { ...byPart, sumOfParts: mb(sum), rssMinusParts: mb(rssBytes - sum) };
};

const results = {
  ackP99Ms: Math.round(percentile(acks, 99)),
  nextCardP99Ms: Math.round(percentile(nextCards, 99)),
  late,
  eventLoopDelayP99Ms: withOthers.eventLoopDelayP99Ms,
  heavyAloneMs: Math.round(baseline.result.totalMs),
  heavyWithOthersMs: Math.round(withOthers.result.totalMs),
  peakMemoryMb: mb(peaks.botBytes),
  details: {
    presses: acks.length,
    ackP50Ms: Math.round(percentile(acks, 50)),
    ackMaxMs: Math.round(Math.max(...acks)),
    nextCardP50Ms: Math.round(percentile(nextCards, 50)),
    nextCardMaxMs: Math.round(Math.max(...nextCards)),
    eventLoopDelayMaxMs: withOthers.eventLoopDelayMaxMs,
    eventLoopDelayAloneP99Ms: baseline.eventLoopDelayP99Ms,
    eventLoopDelayNote:
      "the bot process's own event loop, from its GET /metrics: prom-client's default metrics keep a perf_hooks.monitorEventLoopDelay histogram (10 ms resolution) that each scrape reads into nodejs_eventloop_lag_p99_seconds / _max_seconds and then resets; the bench scrapes right before the heavy user's /train and right after the /sort summary, so the figure covers exactly that work (eventLoopDelayAloneP99Ms: the same for the baseline)",
    brokenSessions: broken,
    slowdown: Math.round((withOthers.result.totalMs / baseline.result.totalMs) * 100) / 100,
    alone: baseline.result,
    withOthers: withOthers.result,
    tracks: heavy.tracks,
    labels: Number(values.labels),
    others: OTHERS,
    otherTracks: OTHER_TRACKS,
    intervalMs: INTERVAL_MS,
    modelThreads: Number(values.threads),
    backend: values.backend,
    jobPollMs: JOB_POLL_MS,
    cpus: cpus().length,
    loadAverageAfter: loadavg().map((l) => Math.round(l * 10) / 10),
    /** CPU the bot's process used during the heavy work, in cores (its /metrics, all threads). */
    botCores: { alone: baseline.botCores, withOthers: withOthers.botCores },
    botHeapMbAfter: { alone: baseline.heapMbAfter, withOthers: withOthers.heapMbAfter },
    botExternalMbAfter: { alone: baseline.externalMbAfter, withOthers: withOthers.externalMbAfter },
    botPeakWithOthersMb: mb(peaks.botWithOthersBytes),
    /**
     * The kernel's own peak RSS of the bot's process (VmHWM), between samples too; the same tree
     * as peakMemoryMb while botProcesses is 1.
     */
    botHighWaterMb: mb(botHighWaterBytes),
    /** When the bot's RSS peaked: starting (until connected to Discord), alone, with others, idle (after connecting, between). */
    botPeakPhase,
    threadMemoryAtBotPeakMb: threadMemory.atBotPeak && {
      ...breakdownMb(threadMemory.atBotPeak.parts, peaks.botBytes),
      readingAgeMs: threadMemory.atBotPeak.ageMs,
    },
    threadMemoryPeaksMb: breakdownMb(threadMemory.peaks),
    threadMemoryReadings: { taken: threadMemory.readings, failed: threadMemory.failures },
    threadMemoryNote:
      "the bot's /metrics read about once a second from its start to the end of the heavy work (GET /metrics?name=... of nodejs_heap_size_total_bytes, nodejs_external_memory_bytes and motherlist_thread_memory_bytes only, which leaves the event-loop histogram alone): main.* the main thread's V8 heap (heapUsed: what objects occupy of it, live or not yet collected) and external memory, model-N.* each model thread's, database.* the embedded database's thread (external includes WebAssembly memory, counted at its full size whether touched or not); threadMemoryAtBotPeakMb: the latest reading when the bot's RSS peaked (readingAgeMs before that sample), with the sum of the parts and what RSS held beyond them (code, the allocator, shared libraries; negative when WebAssembly memory was reserved but not touched); threadMemoryPeaksMb: each part's own highest reading (at different moments).",
    botProcesses: peaks.botProcesses,
    benchPeakMb: mb(peaks.benchBytes),
    sumPeakMb: mb(peaks.sumBytes),
    peakMemoryNote:
      "peakMemoryMb: the highest VmRSS (/proc/<pid>/status) of the bot's process tree, sampled every 200 ms from its start to the end of the heavy work: the `npm start` process (node with tsx's loader running src/main.ts: discord.js, services, web server, the model threads and the embedded database's thread, all threads of one process) plus its descendants (botProcesses: how many processes that tree held at most; npm's and the tsx CLI's wrapper processes of a real `npm start` are not there); botPeakWithOthersMb: the same during the heavy work with others only; benchPeakMb: this bench process's own peak RSS (fake Discord, fake Spotify holding the libraries, the simulated users); sumPeakMb: the highest sum of both at one sample; botHighWaterMb: the kernel's own peak RSS of the bot's process (VmHWM), which a 200 ms sample can miss. botHeapMbAfter / botExternalMbAfter: the bot's main-thread V8 heap and external memory from its /metrics right after each heavy phase (not at the peak: a scrape resets the event-loop histogram, so none is taken during the work). The threads' own memory: threadMemoryAtBotPeakMb and threadMemoryPeaksMb.",
    date: new Date().toISOString(),
  },
};
writeFileSync(values.out ?? 'bench/responsiveness/results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));

stopping = true;
const code = await stopProcess(bot);
if (code !== 0)
  console.error(`the bot exited with ${code} on SIGTERM:\n${bot.output().split('\n').slice(-50).join('\n')}`);
await discord.close();
await harness.close();
rmSync(folder, { recursive: true, force: true });
process.exit(code === 0 ? 0 : 1);
