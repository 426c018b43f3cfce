import { describe, expect, it } from 'vitest';
import { DM_OWED_FOR_MS, DM_RETRY } from '../../../src/core/run-records.js';
import { statusView } from '../../../src/bot/views/account.view.js';
import { settleOwedDm } from '../../../src/services/sorting/owed-dm.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';
import { createMemoryBotServices } from '../../support/memory-bot-services.js';

/**
 * A summary Discord refused, held back past its week while DMs stayed refused, or given up after
 * every try failed (Discord down, not refusing), never reaches the user: /status says how many, even once DMs work again, so that the user knows they missed some.
 */
describe('/status counts the summaries that never reached the user', () => {
  it('one refused and one held back too long: two, told in /status; none before', async () => {
    const spotify = new SpotifySideDouble();
    const set = createMemoryBotServices(spotify, 15);
    spotify.link('u1', 'u1 S');
    const { layer } = await set.services.layers.create('u1', {
      name: 'Genres',
      mutual: true,
      complete: true,
    });
    const owing = () =>
      set.runs.runs.create(
        { layerId: layer.id, modelId: null, kind: 'sync', status: 'planned', summary: {}, dmPending: true },
        [],
      );
    const text = async () => {
      const view = statusView(await set.services.status.statusOf('u1'));
      return view.embeds[0]?.description ?? '';
    };
    const refused = await owing();
    const heldBack = await owing();
    expect((await set.services.status.statusOf('u1')).droppedDms).toBe(0);
    expect(await text()).not.toContain('never reached you');

    const now = new Date();
    await settleOwedDm(set.runs.runs, refused, { delivered: false, reason: 'dms-closed' }, now);
    const weekOld = { ...heldBack, createdAt: new Date(now.getTime() - DM_OWED_FOR_MS - 60_000) };
    await settleOwedDm(set.runs.runs, weekOld, { delivered: false, reason: 'suppressed' }, now);

    expect((await set.services.status.statusOf('u1')).droppedDms).toBe(2);
    expect(await text()).toContain('⚠️ 2 summaries of the last 7 days never reached you');
  });

  it('one whose every try failed is counted once it is given up, in words that fit both causes', async () => {
    const spotify = new SpotifySideDouble();
    const set = createMemoryBotServices(spotify, 15);
    spotify.link('u1', 'u1 S');
    const { layer } = await set.services.layers.create('u1', {
      name: 'Genres',
      mutual: true,
      complete: true,
    });
    const failing = await set.runs.runs.create(
      { layerId: layer.id, modelId: null, kind: 'sync', status: 'planned', summary: {}, dmPending: true },
      [],
    );
    let at = Date.now() - 2 * 24 * 3_600_000;
    for (let tries = 0; tries < DM_RETRY.maxAttempts; tries++) {
      expect(await set.runs.runs.claimDm(failing.id, DM_RETRY, new Date(at))).toBe(true);
      await settleOwedDm(set.runs.runs, failing, { delivered: false, reason: 'failed' }, new Date(at));
      at += (24 * 3_600_000) / DM_RETRY.maxAttempts;
      expect((await set.services.status.statusOf('u1')).droppedDms).toBe(0);
    }
    expect(await set.runs.runs.claimDm(failing.id, DM_RETRY, new Date())).toBe(false);

    expect((await set.services.status.statusOf('u1')).droppedDms).toBe(1);
    const view = statusView(await set.services.status.statusOf('u1'));
    expect(view.embeds[0]?.description).toContain(
      '⚠️ 1 summary of the last 7 days never reached you: Discord refused my DMs or failed every try',
    );
  });
});
