import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotClient } from '../../src/bot/client.js';
import { DiscordTrainingAnnouncer } from '../../src/bot/training-announcer.js';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import { createBotServices } from '../../src/composition/bot-services.js';
import { createRepositories } from '../../src/composition/repositories.js';
import type { Layer, Sublist } from '../../src/core/layer-records.js';
import type { Database } from '../../src/db/database.js';
import { QUEUES } from '../../src/jobs/queues.js';
import { createJobQueue, type PgBossJobQueue } from '../../src/jobs/start-jobs.js';
import { TrainingRequests } from '../../src/services/model/training-requests.service.js';
import { TokenCipher } from '../../src/spotify/token-cipher.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { deployAndStartBot, quietLogger } from '../support/bot/bot-harness.js';
import { SpotifySideDouble } from '../support/bot/spotify-side-double.js';
import { genreOf, genreSeedTracks, GENRES } from '../support/sorting-world.js';
import { openTestDatabase } from '../support/test-database.js';
import {
  killHard,
  startWorkerProcess,
  type RunningProcess,
  type WorkerEnvironment,
} from './support/house-processes.js';

const TRACKS = genreSeedTracks(3000, 'tc');
const LABELS = 1500;
// The shortest heartbeat pg-boss takes: a dead worker's /train is retried within about 15 s.
const HEARTBEAT_SECONDS = 10;
const KEY = randomBytes(32);

/**
 * `npm run worker` processes on the bot's database (issue 22): the worker that took a /train is
 * killed with SIGKILL while it trains; its heartbeat stops, the queue retries the job, the
 * restarted worker trains it, and the user gets the result once, in the message of their /train.
 */
describe('a worker process killed in the middle of a /train', () => {
  let discord: FakeDiscord;
  let database: Database;
  let queue: PgBossJobQueue;
  let bot: MotherlistBot;
  let alice: FakeUser;
  let layer: Layer;
  const announcerClient = { destroy: async () => {} };
  const spotify = new SpotifySideDouble();

  const worker = (): WorkerEnvironment => ({
    databaseUrl: database.url,
    tokenKey: KEY,
    discord,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  });

  const results = () =>
    [...discord.messages(discord.channel.id, { includeEphemeral: true }), ...discord.dms(alice)].filter(
      (m) => m.embeds[0]?.title?.includes('trained') === true,
    );

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 150_000 });
    alice = discord.user('alice');
    spotify.link(alice.id);
    database = await openTestDatabase();
    const { dataSource } = database;
    await dataSource.query(`insert into users (id) values ($1)`, [alice.id]);
    await dataSource.query(
      `insert into tracks (id, name, artists, album, duration_ms)
       select * from unnest($1::text[], $2::text[], $3::jsonb[], $4::jsonb[], $5::int[])`,
      [
        TRACKS.map((t) => t.id),
        TRACKS.map((t) => t.name),
        TRACKS.map((t) => JSON.stringify(t.artists)),
        TRACKS.map((t) => JSON.stringify(t.album)),
        TRACKS.map((t) => t.duration_ms),
      ],
    );
    await dataSource.query(
      `insert into library_entries (user_id, source_id, track_id) select $1, 'liked', unnest($2::text[])`,
      [alice.id, TRACKS.map((t) => t.id)],
    );
    const repositories = createRepositories(database);
    layer = await repositories.layers.create({
      userId: alice.id,
      name: 'Genres',
      motherlistId: 'liked',
      mutual: true,
      complete: true,
    });
    const sublists: Sublist[] = [];
    for (const name of GENRES)
      sublists.push(await repositories.sublists.add(layer.id, name, spotify.addPlaylist(alice.id, name)));
    await repositories.labels.putMany(
      layer.id,
      TRACKS.slice(0, LABELS).map((t, i) => ({
        trackId: t.id,
        sublistIds: [sublists[genreOf(i)]?.id as string],
      })),
      'import',
      [],
    );

    // The bot process: it queues /train jobs and works none (the worker processes do).
    queue = createJobQueue({
      databaseUrl: database.url,
      logger: quietLogger,
      heartbeatSeconds: HEARTBEAT_SECONDS,
    });
    await queue.startBoss();
    const client = createBotClient(discord.apiUrl, discord.token);
    announcerClient.destroy = () => client.destroy();
    const trainings = new TrainingRequests({
      queue,
      trainer: {
        train: () => Promise.reject(new Error('the bot process does not train')),
        checkTrainable: async () => {},
      },
      layers: repositories.layers,
      announcer: new DiscordTrainingAnnouncer(client, quietLogger),
      // The worker's TOKEN_ENCRYPTION_KEY: it opens the interaction token this process sealed.
      cipher: new TokenCipher([{ id: 'k1', key: KEY }]),
    });
    const set = createBotServices(
      repositories,
      { ...spotify.ports(), trainings },
      { defaultSyncIntervalMinutes: 10 },
    );
    bot = await deployAndStartBot(discord, set);
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await queue?.boss.stop({ graceful: false, timeout: 5_000 });
    await announcerClient.destroy();
    await discord?.close();
    await database?.close();
  });

  it('is retried by the restarted worker, and the user gets the result once', async () => {
    const first = startWorkerProcess(worker());
    let second: RunningProcess | undefined;
    try {
      await first.ready;
      const handle = discord.runSlashCommand({ user: alice, name: 'train', options: { layer: 'Genres' } });
      // The worker has taken the job: its progress shows. It trains for a while yet.
      await handle.waitForReply((r) => r.content.startsWith('Training **Genres**: reading labels'));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const [taken] = await queue.boss.findJobs(QUEUES.trainRequest, { key: layer.id });
      expect(taken?.state).toBe('active');
      expect(results()).toEqual([]);
      await killHard(first);

      second = startWorkerProcess(worker());
      const result = await handle.waitForReply((r) => Boolean(r.embeds[0]?.title?.includes('trained')));
      expect(result.embeds[0]?.title).toBe('Layer Genres: model v1 trained');
      const [job] = await queue.boss.findJobs(QUEUES.trainRequest, { id: taken?.id as string });
      expect(job?.retryCount).toBe(1);
      // Once: the killed attempt stored nothing and said nothing; no DM, no second message.
      const models: unknown[] = await database.dataSource.query(
        `select version from models where layer_id = $1`,
        [layer.id],
      );
      expect(models).toEqual([{ version: 1 }]);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(results()).toHaveLength(1);
    } finally {
      first.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
      await Promise.all([first.exited, second?.exited]);
    }
  }, 300_000);
});
