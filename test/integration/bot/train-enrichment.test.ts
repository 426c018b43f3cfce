import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelFeatures } from '../../../src/core/model-records.js';
import { createEnrichmentWork } from '../../../src/composition/enrichment.js';
import { loadConfig } from '../../../src/config.js';
import type { MotherlistBot } from '../../../src/bot/start-bot.js';
import type { LayerTrainer } from '../../../src/services/ports/model-ports.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../../fakes/discord/index.js';
import { FakeMusicBrainz } from '../../fakes/enrich/musicbrainz.fake.js';
import { FakeReccoBeats } from '../../fakes/enrich/reccobeats.fake.js';
import { deployAndStartBot, quietLogger } from '../../support/bot/bot-harness.js';
import { startTrainingQueue, type TrainingQueue } from '../../support/bot/training-queue.js';
import {
  botServicesOver,
  genreOf,
  genreSeedTracks,
  labelGenres,
  startSortingWorld,
  type SortingWorld,
} from '../../support/sorting-world.js';

const TRACKS = genreSeedTracks(30, 'te');
const LABELED = 12;
const REQUIRED = { DISCORD_TOKEN: 'token', SPOTIFY_CLIENT_ID: 'id', SPOTIFY_CLIENT_SECRET: 'secret' };

/**
 * /train while the library's enrichment is still arriving, on the real services over the fake
 * Spotify, ReccoBeats and MusicBrainz, through the real discord.js client on the fake Discord: the
 * progress and the result say how far it is, the model records what it saw, and a kind of
 * enrichment that arrives after training is not fed to the model.
 */
describe('/train says how far enrichment is, and the model keeps to the features it saw', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let training: TrainingQueue;
  let bot: MotherlistBot;
  let alice: FakeUser;
  let reccobeats: FakeReccoBeats;
  let musicbrainz: FakeMusicBrainz;
  let enrichment: ReturnType<typeof createEnrichmentWork>;

  /** Runs /train and returns the result and every text the reply showed on the way. */
  const train = async () => {
    const handle = discord.runSlashCommand({ user: alice, name: 'train', options: { layer: 'genres' } });
    const result = await handle.waitForReply((r) => Boolean(r.embeds[0]?.title?.includes('trained')), {
      timeoutMs: 180_000,
    });
    await training.idle();
    const shown = discord.requests
      .filter((r) => r.method === 'PATCH' && r.path.includes(handle.token))
      .map((r) => (r.body as { content?: string }).content ?? '');
    return { result, shown };
  };
  const modelRow = async (version: number): Promise<ModelFeatures | null> => {
    const [row] = (await world.harness.database.dataSource.query(
      'select features from models where layer_id = $1 and version = $2',
      [world.layer.id, version],
    )) as { features: ModelFeatures | null }[];
    return row?.features ?? null;
  };
  const predictions = async () => {
    const { predictions: placed, enriched } = await world.services.models.predictions(alice.id, world.layer);
    return { placed: placed.map((p) => [p.trackId, p.placement, p.confidence]), enriched };
  };

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    alice = discord.user('alice');
    reccobeats = await new FakeReccoBeats().start();
    musicbrainz = await new FakeMusicBrainz().start();
    world = await startSortingWorld(
      alice.id,
      'spotify-train-enrichment',
      TRACKS,
      TRACKS.length,
      {},
      {
        enrichment: true,
        enrichmentProgress: { arriving: (userId) => enrichment.health.arriving(userId) },
      },
    );
    enrichment = createEnrichmentWork(
      loadConfig({ ...REQUIRED, RECCOBEATS_API_URL: reccobeats.url, MUSICBRAINZ_API_URL: musicbrainz.url }),
      world.services.repositories,
      quietLogger,
    );
    TRACKS.forEach((track, i) =>
      reccobeats.tracks.set(track.id, { features: { energy: genreOf(i) / 2, valence: 1 - genreOf(i) / 2 } }),
    );
    await labelGenres(world, TRACKS.slice(0, LABELED));
    const { models } = world.services;
    // A training long enough for its progress to be seen (the job edits the message at most every 1.5 s).
    const trainer: LayerTrainer = {
      checkTrainable: (layer) => models.checkTrainable(layer),
      train: async (userId, layer, onProgress) => {
        const outcome = await models.train(userId, layer, onProgress);
        await new Promise((resolve) => setTimeout(resolve, 1_800));
        return outcome;
      },
    };
    training = await startTrainingQueue({
      database: world.harness.database,
      trainer,
      discord,
      logger: quietLogger,
    });
    bot = await deployAndStartBot(discord, botServicesOver(world, { trainings: training.trainings }));
  });

  afterAll(async () => {
    await bot?.stop();
    await training?.stop();
    await discord?.close();
    await world?.close();
    await reccobeats?.close();
    await musicbrainz?.close();
  });

  it('before and while audio features arrive, progress and result say how far; once all are looked up, nothing', async () => {
    // Nothing enriched yet.
    const first = await train();
    // Every progress from the start of training on says it (a fast training may show only its last).
    expect(first.shown).toContainEqual(
      expect.stringContaining(
        'Enrichment of your library is still arriving: audio features for 0 of 30 songs so far. This model learns from what is there now.',
      ),
    );
    expect(first.result.embeds[0]?.description).toContain(
      'still arriving: audio features for 0 of 30 songs so far. This model learned from what was there; `/train` again when it is done',
    );
    expect(await modelRow(1)).toEqual({
      songs: 30,
      withAudio: 0,
      withTags: 0,
      uses: [],
      arriving: ['audio'],
      stalled: [],
    });
    const before = await predictions();
    expect(before.enriched).toBe(0);

    // Audio features arrive for 20 songs (the 12 answered among them): the model trained without
    // them places exactly as before, and no feature counts as arrived for it.
    await enrichment.service.enrichTracks(TRACKS.slice(0, 20).map((t) => t.id));
    expect(await predictions()).toEqual(before);

    const second = await train();
    expect(second.result.embeds[0]?.description).toContain('audio features for 20 of 30 songs so far');
    expect(await modelRow(2)).toEqual({
      songs: 30,
      withAudio: 20,
      withTags: 0,
      uses: ['audio'],
      arriving: ['audio'],
      stalled: [],
    });

    // Every song looked up: the enrichment is complete and the result says nothing of it.
    await enrichment.service.enrichLibrary(alice.id);
    expect(await enrichment.health.arriving(alice.id)).toEqual({ arriving: [], stalled: [] });
    const third = await train();
    expect(third.result.embeds[0]?.description).not.toContain('arriving');
    expect(third.shown.every((text) => !text.includes('arriving'))).toBe(true);
    expect(await modelRow(3)).toEqual({
      songs: 30,
      withAudio: 30,
      withTags: 0,
      uses: ['audio'],
      arriving: [],
      stalled: [],
    });
    // /status says what the layer's model learned from.
    const status = await discord
      .runSlashCommand({ user: alice, name: 'status', options: {} })
      .waitForReply((r) => Boolean(r.embeds[0]?.fields?.length));
    expect(status.embeds[0]?.fields?.[0]?.value).toContain(
      'learns from song metadata + audio features (audio features for 30 of 30 songs)',
    );
    discord.assertNoViolations();
  });
});
