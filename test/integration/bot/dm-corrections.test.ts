import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactUuid, customId } from '../../../src/bot/custom-id.js';
import { dmView } from '../../../src/bot/views/account.view.js';
import { CHOOSE_FLAG } from '../../../src/bot/views/waiting.view.js';
import type { Sublist } from '../../../src/core/layer-records.js';
import type { DmMessage } from '../../../src/services/ports/notifier.js';
import { RunFailedError } from '../../../src/services/errors.js';
import { findStringSelect, type FakeUser } from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { privateAnswer } from '../../support/bot/private-answer.js';
import { settlePress } from '../../support/bot/settle-press.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';

type NewSongs = Extract<DmMessage, { kind: 'new-songs' }>;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const T1 = 't1'.padEnd(22, '0');
const T2 = 't2'.padEnd(22, '0');

describe('correction menus in the new-songs DM', () => {
  let harness: BotHarness;
  const spotify = new SpotifySideDouble();
  let alice: FakeUser;
  let layerId: string;
  let rock: Sublist;
  let pop: Sublist;

  const newSongs = (tracks: NonNullable<NewSongs['tracks']>): NewSongs => ({
    kind: 'new-songs',
    layerName: 'Genres',
    placements: [{ sublistName: 'Rock', trackNames: ['A – One'] }],
    voidCount: 1,
    layerId,
    runId: '00000000-0000-4000-8000-00000000000a',
    tracks,
    sublists: [rock, pop].map((s) => ({ id: s.id, name: s.name })),
    mode: { mutual: true, complete: false },
  });

  /** A new layer `name` (mutual, incomplete) with one sublist, Calm, and a new-songs DM of it with T1 in the void. */
  const newLayerDm = async (name: string) => {
    const { services } = harness.set;
    const layer = (await services.layers.create(alice.id, { name, mutual: true, complete: false })).layer;
    const calm = (await services.sublists.add(alice.id, name, 'Calm')).sublist;
    await harness.bot.notifier.sendDm(alice.id, {
      ...newSongs([{ trackId: T1, trackName: 'A – One', sublistIds: [] }]),
      layerName: name,
      layerId: layer.id,
      sublists: [{ id: calm.id, name: calm.name }],
    });
    return { layer, calm, dm: harness.fake.dms(alice).at(-1)! };
  };

  beforeAll(async () => {
    harness = await startBotHarness(spotify.ports());
    alice = harness.fake.user('alice');
    spotify.link(alice.id);
    const { services } = harness.set;
    layerId = (await services.layers.create(alice.id, { name: 'Genres', mutual: true, complete: false }))
      .layer.id;
    await services.sublists.add(alice.id, 'Genres', 'Rock');
    await services.sublists.add(alice.id, 'Genres', 'Pop');
    const found = await services.layers.byIdWithSublists(layerId);
    [rock, pop] = ['Rock', 'Pop'].map((name) => found?.sublists.find((s) => s.name === name) as Sublist) as [
      Sublist,
      Sublist,
    ];
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('moves a track to the sublist picked in its menu and updates the DM; a stale menu moves nothing', async () => {
    const delivered = await harness.bot.notifier.sendDm(
      alice.id,
      newSongs([
        { trackId: T1, trackName: 'A – One', sublistIds: [rock.id] },
        { trackId: T2, trackName: 'B – Two', sublistIds: [] },
      ]),
    );
    expect(delivered).toEqual({ delivered: true });
    const dm = harness.fake.dms(alice)[0];
    if (!dm) throw new Error('no DM');
    const id1 = customId('mv', compactUuid(layerId), T1);
    const menu = findStringSelect(dm, id1);
    expect(menu.placeholder).toBe('A – One → Rock');
    expect(menu.options.map((o) => o.label)).toEqual(['Rock', 'Pop', 'Void (no sublist)']);
    expect(findStringSelect(dm, customId('mv', compactUuid(layerId), T2)).placeholder).toBe('B – Two → void');

    // deferUpdate, then the move, then the edit: wait for the edit rather than for a quiet moment.
    await harness.fake
      .selectValues({ user: alice, message: dm, customId: id1, values: [compactUuid(pop.id)] })
      .waitForReply((r) => r.content.startsWith('Moved'));
    expect(spotify.correctCalls).toEqual([{ userId: alice.id, layerId, trackId: T1, sublistIds: [pop.id] }]);
    const updated = harness.fake.message(dm.id);
    expect(updated.content).toContain('Moved **A – One** to **Pop**');
    expect(findStringSelect(updated, id1).placeholder).toBe('A – One → Pop');
    expect(updated.embeds[0]?.title).toBe('New songs sorted in Genres');

    // The layer is deleted: the menu answers so and nothing moves.
    await harness.set.services.layers.delete(alice.id, 'Genres');
    const pick = await settlePress(harness.fake, updated.id, () =>
      harness.fake.selectValues({
        user: alice,
        message: updated,
        customId: customId('mv', compactUuid(layerId), T2),
        values: [compactUuid(rock.id)],
      }),
    );
    // Answered at once, or (past the first-response budget) after a deferral: privately either way.
    const stale = harness.fake.ephemeral(alice).find((m) => m.interaction_metadata?.id === pick.id);
    expect(stale?.content).toContain('That layer no longer exists; nothing was moved.');
    expect(spotify.correctCalls).toHaveLength(1);
    expect(harness.fake.message(dm.id).content).toBe(updated.content);
    harness.fake.assertNoViolations();
  });

  it('a move Spotify refuses for good says the song was not moved and the answer not kept, with the reference', async () => {
    const { layer: moods, calm, dm } = await newLayerDm('Refused');
    const id1 = customId('mv', compactUuid(moods.id), T1);
    spotify.correctFailure = new RunFailedError(
      '0badc0de-0000-4000-8000-000000000003',
      '0badc0de',
      Object.assign(new Error('POST answered 403'), { status: 403 }),
    );
    try {
      await harness.fake
        .selectValues({ user: alice, message: dm, customId: id1, values: [compactUuid(calm.id)] })
        .waitForReply((r) => r.content.includes('0badc0de'));
    } finally {
      spotify.correctFailure = undefined;
    }
    const updated = harness.fake.message(dm.id);
    expect(updated.content).toContain(
      '⚠️ **A – One** was not moved to **Calm**: Spotify refused the change, so Motherlist did not keep this answer.',
    );
    expect(updated.content).toContain('reference: `0badc0de`');
    // Not moved: the menu still says where the song is.
    expect(findStringSelect(updated, id1).placeholder).toBe('A – One → void');
    harness.fake.assertNoViolations();
  });

  it('a menu picked while the library is read again (after a relink) says how far the read is and moves nothing', async () => {
    const { layer: moods, calm, dm } = await newLayerDm('Moods');
    const calls = spotify.correctCalls.length;
    spotify.link(alice.id, 'spotify-again', { done: false, songsRead: 1200, songsTotal: 3400 });
    try {
      const pick = harness.fake.selectValues({
        user: alice,
        message: dm,
        customId: customId('mv', compactUuid(moods.id), T1),
        values: [compactUuid(calm.id)],
      });
      const answer = await privateAnswer(harness.fake, alice, pick);
      expect(answer.content).toBe(
        'Motherlist is still reading your Spotify library for the first time: read 1,200 of 3,400 liked songs so far. Try it again when it is done.',
      );
      expect(spotify.correctCalls).toHaveLength(calls);
    } finally {
      spotify.link(alice.id);
    }
    harness.fake.assertNoViolations();
  });

  it('a correction or Place menu picking a sublist removed since names it and its layer, and moves nothing', async () => {
    const { services } = harness.set;
    const name = 'Trimmed';
    const layer = (await services.layers.create(alice.id, { name, mutual: true, complete: false })).layer;
    const calm = (await services.sublists.add(alice.id, name, 'Calm')).sublist;
    const loud = (await services.sublists.add(alice.id, name, 'Loud')).sublist;
    await harness.bot.notifier.sendDm(alice.id, {
      ...newSongs([{ trackId: T1, trackName: 'A – One', sublistIds: [] }]),
      layerName: name,
      layerId: layer.id,
      sublists: [calm, loud].map((s) => ({ id: s.id, name: s.name })),
      waiting: [{ trackId: T2, trackName: 'B – Two', sublistIds: [calm.id], confidence: 0.4 }],
      waitingCount: 1,
    });
    const dm = harness.fake.dms(alice).at(-1)!;
    await services.sublists.remove(alice.id, name, 'Loud');
    const calls = spotify.correctCalls.length;

    const move = harness.fake.selectValues({
      user: alice,
      message: dm,
      customId: customId('mv', compactUuid(layer.id), T1),
      values: [compactUuid(loud.id)],
    });
    expect((await privateAnswer(harness.fake, alice, move)).content).toBe(
      '**Loud** was removed from layer **Trimmed** since this message, so nothing was moved: pick another sublist in the menu, or `/why` (the layer and the song) offers a menu of the sublists it has now.',
    );
    const place = harness.fake.selectValues({
      user: alice,
      message: dm,
      customId: customId('pw', compactUuid(layer.id), T2, CHOOSE_FLAG),
      values: [compactUuid(loud.id)],
    });
    expect((await privateAnswer(harness.fake, alice, place)).content).toBe(
      '**Loud** was removed from layer **Trimmed** since this message, so nothing was placed: pick another sublist in the song’s menu, or answer it with `/label layer:Trimmed`, which asks about waiting songs first.',
    );
    expect(spotify.correctCalls).toHaveLength(calls);
    expect(harness.fake.message(dm.id).content).toBe(dm.content);
    harness.fake.assertNoViolations();
  });

  it('attaches the sync run’s chart as the embed image; without a chart the DM still goes out', async () => {
    const track = { trackId: T1, trackName: 'A – One', sublistIds: [rock.id] };
    expect(await harness.bot.notifier.sendDm(alice.id, newSongs([track]))).toEqual({ delivered: true });
    const dm = harness.fake.dms(alice).at(-1);
    if (!dm) throw new Error('no DM');
    expect(spotify.chartCalls.at(-1)).toEqual({ userId: alice.id, runId: newSongs([]).runId });
    const [chart] = harness.fake.attachments(dm.id);
    expect(chart?.filename).toBe('sort-summary.png');
    expect(chart?.contentType).toBe('image/png');
    expect(chart?.data.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(dm.embeds[0]?.image?.url).toBe('attachment://sort-summary.png');

    spotify.chartFails = true;
    try {
      expect(await harness.bot.notifier.sendDm(alice.id, newSongs([track]))).toEqual({ delivered: true });
    } finally {
      spotify.chartFails = false;
    }
    const plain = harness.fake.dms(alice).at(-1);
    expect(plain?.id).not.toBe(dm.id);
    expect(plain?.attachments).toEqual([]);
    expect(plain?.embeds[0]?.image).toBeUndefined();
    expect(plain?.components).toHaveLength(1);
    harness.fake.assertNoViolations();
  });

  it('fits Discord: with more than 5 tracks the first 4 get menus; a complete layer offers no void', () => {
    const tracks = Array.from({ length: 7 }, (_, i) => ({
      trackId: `t${i}`.padEnd(22, '0'),
      trackName: `Song ${i}`,
      sublistIds: [rock.id],
    }));
    const view = dmView({ ...newSongs(tracks), mode: { mutual: true, complete: true } });
    expect(view.components).toHaveLength(4);
    expect(view.embeds[0]?.description).toContain(
      '3 more can be corrected with `/why` (the layer and the song), which offers the same menu.',
    );
    // A placed song is not among those `/label` asks about (waiting songs and random draws).
    expect(view.embeds[0]?.description).not.toContain('/label');
    const labels = view.components.map((row) =>
      row.components.flatMap((c) => ('options' in c ? c.options.map((o) => o.label) : [])),
    );
    expect(labels[0]).toEqual(['Rock', 'Pop']);
  });
});
