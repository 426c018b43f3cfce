import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageFlags } from 'discord.js';
import { UserError } from '../../../src/services/errors.js';
import { isEphemeral, type FakeUser } from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';
import { waitFor } from '../../support/wait-for.js';

/** /train as a pg-boss job on the harness's database (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
describe('/train through the job queue', () => {
  let harness: BotHarness;
  const spotify = new SpotifySideDouble();
  let alice: FakeUser;
  /** The announcer's clock: a test moves it past the interaction token's 15 minutes. */
  let clockOffsetMs = 0;
  /** How many of the next results Discord will not show (down past discord.js's own retries). */
  let resultOutages = 0;

  const text = async (
    user: FakeUser,
    name: string,
    options: Record<string, string | boolean>,
    subcommand?: string,
  ) => {
    const reply = await harness.fake
      .runSlashCommand({ user, name, options, ...(subcommand ? { subcommand } : {}) })
      .settled();
    return [reply?.content, ...(reply?.embeds ?? []).map((e) => e.title)].join('\n');
  };

  /** Holds every training until `release`; `started` resolves when the job has begun training. */
  const holdTrainings = () => {
    let release = () => {};
    spotify.trainHold = new Promise<void>((resolve) => {
      release = () => {
        spotify.trainHold = undefined;
        resolve();
      };
    });
    const started = new Promise<void>((resolve) => {
      spotify.onTrainStart = () => {
        spotify.onTrainStart = undefined;
        resolve();
      };
    });
    return { release: () => release(), started };
  };

  const trained = (r: { embeds: { title?: string }[] }) => Boolean(r.embeds[0]?.title?.includes('trained'));
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const genresLayerId = async (): Promise<string> => {
    const [row] = (await harness.database.dataSource.query(
      `select id from layers where name = 'Genres'`,
    )) as {
      id: string;
    }[];
    return row?.id ?? '';
  };

  const train = () =>
    harness.fake.runSlashCommand({ user: alice, name: 'train', options: { layer: 'Genres' } });
  /** The public progress message of a /train with public results (a message of its own). */
  const publicProgressOf = (handle: ReturnType<typeof train>) =>
    harness.fake.waitFor(() =>
      handle.followups().find((m) => m.content.includes('Training **Genres**: training')),
    );
  /** Waits for the private answer of a /train refused because the layer is already training. */
  const expectAlreadyTraining = async (handle: ReturnType<typeof train>) => {
    const refusal = await harness.fake.waitFor(() =>
      harness.fake
        .ephemeral(alice)
        .find((m) => m.interaction_metadata?.id === handle.id && m.content.includes('already training')),
    );
    expect(refusal.content).toBe('Layer “Genres” is already training; its result comes when it is done.');
  };
  /** The first message past the channel's first `posted` that shows a trained model. */
  const trainedAfter = (posted: number) =>
    harness.fake.waitFor(() =>
      harness.fake
        .messages()
        .slice(posted)
        .find((m) => m.embeds[0]?.title?.includes('trained') === true),
    );

  beforeAll(async () => {
    harness = await startBotHarness(spotify.ports(), {
      trainings: {
        now: () => Date.now() + clockOffsetMs,
        announcer: (discord) => ({
          progress: (...args) => discord.progress(...args),
          refused: (...args) => discord.refused(...args),
          failed: (...args) => discord.failed(...args),
          result: async (...args) => {
            if (resultOutages === 0) return discord.result(...args);
            resultOutages -= 1;
            throw new Error('503 Service Unavailable');
          },
        }),
      },
    });
    alice = harness.fake.user('alice');
    spotify.link(alice.id);
    expect(await text(alice, 'layer', { name: 'Genres', mutual: true, complete: true }, 'create')).toContain(
      'Layer Genres created',
    );
    expect(await text(alice, 'sublist', { layer: 'Genres', name: 'Rock' }, 'add')).toContain('Rock');
  });

  // Each test starts with the layer idle: the previous result can reach the user a moment before
  // the queue marks its job done.
  afterEach(() => harness.trainingIdle());

  afterAll(async () => {
    await harness?.close();
  });

  it('the job edits the progress message and posts the result into it, privately in a server', async () => {
    const before = spotify.trainCalls.length;
    const { release, started } = holdTrainings();
    const handle = train();
    await started;
    // The job has taken the training: the message shows the job's progress.
    await handle.waitForReply((r) => r.content.includes('Training **Genres**: training'));
    release();
    const result = await handle.waitForReply((r) => Boolean(r.embeds[0]?.title?.includes('trained')));
    expect(result.ephemeral).toBe(true);
    expect(result.embeds[0]?.title).toBe(`Layer Genres: model v${before + 1} trained`);
  });

  it('the queued job holds the interaction token only encrypted', async () => {
    const { release, started } = holdTrainings();
    const handle = train();
    await started;
    const rows: { data: string }[] = await harness.database.dataSource.query(
      `select data::text as data from pgboss.job where name = 'train-request' and state = 'active'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.data).toContain('interactionTokenCiphertext');
    expect(rows[0]?.data).not.toContain(handle.token);
    release();
    await handle.waitForReply((r) => Boolean(r.embeds[0]?.title?.includes('trained')));
  });

  it('a second /train of the layer while one runs says it is already training', async () => {
    const before = spotify.trainCalls.length;
    const { release, started } = holdTrainings();
    const first = train();
    await started;
    await expectAlreadyTraining(train());
    release();
    await first.waitForReply((r) => Boolean(r.embeds[0]?.title?.includes('trained')));
    expect(spotify.trainCalls).toHaveLength(before + 1);
  });

  it('a training that dies mid-way is retried by the queue, and the user still gets the result', async () => {
    const before = spotify.trainCalls.length;
    spotify.trainCrashes = 1;
    const result = await train().waitForReply((r) => Boolean(r.embeds[0]?.title?.includes('trained')));
    expect(spotify.trainCalls).toHaveLength(before + 2);
    expect(result.embeds[0]?.title).toBe(`Layer Genres: model v${before + 2} trained`);
  });

  it("a result Discord would not show comes on the job's retry, and the layer is trained once", async () => {
    const before = spotify.trainCalls.length;
    resultOutages = 1;
    const result = await train().waitForReply(trained);
    expect(resultOutages).toBe(0);
    expect(result.embeds[0]?.title).toBe(`Layer Genres: model v${before + 1} trained`);
    await harness.trainingIdle();
    expect(spotify.trainCalls).toHaveLength(before + 1);
  });

  it('the background retraining of a layer waits for its /train, and a /train for the retraining', async () => {
    const layerId = await genresLayerId();
    const before = spotify.trainCalls.length;
    const training = holdTrainings();
    const first = train();
    await training.started;
    await harness.queueRetrain(alice.id, layerId);
    // Past the retraining's quiet time (1 s): it has been taken up, and deferred.
    await pause(4_000);
    expect(spotify.trainCalls).toHaveLength(before + 1);
    training.release();
    await first.waitForReply(trained);
    await waitFor(() => spotify.trainCalls.length === before + 2);
    await harness.trainingIdle();

    const retraining = holdTrainings();
    await harness.queueRetrain(alice.id, layerId);
    await retraining.started;
    const second = train();
    await second.waitForReply((r) => r.content.includes('queued'));
    await pause(3_000);
    expect(spotify.trainCalls).toHaveLength(before + 3);
    retraining.release();
    await second.waitForReply(trained);
    expect(spotify.trainCalls).toHaveLength(before + 4);
  });

  it('a result after the interaction token expired comes as a DM (private) or in the channel (public)', async () => {
    const held = holdTrainings();
    const privately = train();
    await held.started;
    await privately.waitForReply((r) => r.content.includes('Training **Genres**: training'));
    clockOffsetMs = 20 * 60_000;
    held.release();
    const dm = await harness.fake.waitFor(() =>
      harness.fake.dms(alice).find((m) => m.embeds[0]?.title?.startsWith('Layer Genres: model v') === true),
    );
    expect(dm.embeds[0]?.title).toContain('trained');
    clockOffsetMs = 0;
    await harness.trainingIdle();

    expect(await text(alice, 'settings', { public_results: true })).toBeTruthy();
    const again = holdTrainings();
    const publicly = train();
    await again.started;
    // Deferred privately (no refusal could show in the channel); the progress is a public message of its own.
    const progress = await publicProgressOf(publicly);
    expect(isEphemeral(progress)).toBe(false);
    const deferral = publicly.initialResponse?.data as { flags?: number } | undefined;
    expect((deferral?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(publicly.reply()).toBeNull();
    const posted = harness.fake.messages().length;
    clockOffsetMs = 20 * 60_000;
    again.release();
    const message = await trainedAfter(posted);
    expect(isEphemeral(message)).toBe(false);
    clockOffsetMs = 0;
  });

  it('a public progress message deleted in Discord meanwhile: the result is posted anew, trained once', async () => {
    expect(await text(alice, 'settings', { public_results: true })).toBeTruthy();
    const held = holdTrainings();
    const publicly = train();
    await held.started;
    const progress = await publicProgressOf(publicly);
    const trainings = spotify.trainCalls.length;
    const posted = harness.fake.messages().length;
    // Someone (the user, a moderator) deletes the bot's message while it trains.
    harness.fake.deleteMessage(progress.id);
    held.release();
    // The deleted message no longer counts among the channel's.
    const message = await trainedAfter(posted - 1);
    expect(isEphemeral(message)).toBe(false);
    await harness.trainingIdle();
    await pause(300);
    expect(spotify.trainCalls.length).toBe(trainings);
    harness.fake.takeViolations();
  });

  describe('a public /train ending after its token expired', () => {
    /** Holds a public /train until its progress is in the channel, then lets it go 20 minutes later. */
    const publicTrainPastToken = async (): Promise<{ progressId: string; release: () => void }> => {
      expect(await text(alice, 'settings', { public_results: true })).toBeTruthy();
      const held = holdTrainings();
      const publicly = train();
      await held.started;
      const progress = await publicProgressOf(publicly);
      clockOffsetMs = 20 * 60_000;
      return { progressId: progress.id, release: held.release };
    };
    /** The channel message ends in a final state instead of keeping its last percentage. */
    const expectStopped = (progressId: string) =>
      harness.fake.waitFor(() =>
        harness.fake.message(progressId).content === 'Training **Genres** stopped: see your DMs.'
          ? true
          : undefined,
      );
    afterEach(() => {
      clockOffsetMs = 0;
      spotify.trainRefusal = undefined;
      spotify.trainCrashes = 0;
    });

    it('refused: the reason comes by DM, the channel message says the training stopped', async () => {
      const { progressId, release } = await publicTrainPastToken();
      spotify.trainRefusal = new UserError({
        code: 'no-labels',
        layerName: 'Genres',
        needed: 4,
        work: 'train',
      });
      release();
      await harness.fake.waitFor(() =>
        harness.fake.dms(alice).find((m) => m.content.includes('needs at least 4 labeled')),
      );
      await expectStopped(progressId);
      expect(harness.fake.message(progressId).content).not.toContain('%');
      harness.fake.assertNoViolations();
    });

    it('succeeded: the result is a new message, the channel message says the training is done', async () => {
      const { progressId, release } = await publicTrainPastToken();
      const posted = harness.fake.messages().length;
      release();
      const result = await trainedAfter(posted);
      expect(result.id).not.toBe(progressId);
      await harness.fake.waitFor(() =>
        harness.fake.message(progressId).content === 'Training **Genres** done: see below.'
          ? true
          : undefined,
      );
      expect(harness.fake.message(progressId).embeds).toEqual([]);
      harness.fake.assertNoViolations();
    });

    it('failed on every try: the reference comes by DM, the channel message says the training stopped', async () => {
      const { progressId, release } = await publicTrainPastToken();
      spotify.trainCrashes = 3;
      release();
      await harness.fake.waitFor(() => harness.fake.dms(alice).find((m) => /reference/i.test(m.content)), {
        timeoutMs: 20_000,
      });
      await expectStopped(progressId);
      harness.fake.assertNoViolations();
    }, 30_000);
  });

  it('a /train the queue refuses after its public progress went up (two at one moment) leaves nothing in the channel', async () => {
    expect(await text(alice, 'settings', { public_results: true })).toBeTruthy();
    const held = holdTrainings();
    const first = train();
    await held.started;
    const progress = await publicProgressOf(first);
    const posted = harness.fake.messages().map((m) => m.id);
    // The moment between a /train's check and its queueing: the check passes, the queue refuses it.
    const trainings = harness.set.services.trainings;
    if (!trainings) throw new Error('no training queue');
    const check = vi.spyOn(trainings, 'ensureIdle').mockResolvedValueOnce(undefined);
    try {
      const second = train();
      await expectAlreadyTraining(second);
      // Its "queued" message, public for a training that never runs, is gone; the first's stays.
      await harness.fake.waitFor(
        () =>
          harness.fake.messages().some((m) => m.interaction_metadata?.id === second.id) ? undefined : true,
        { what: 'the refused /train’s public message gone' },
      );
      expect(harness.fake.messages().map((m) => m.id)).toEqual(posted);
    } finally {
      check.mockRestore();
      held.release();
    }
    const result = await trainedAfter(posted.indexOf(progress.id));
    expect(result.id).toBe(progress.id);
    harness.fake.assertNoViolations();
  });
});
