import { describe, expect, it } from 'vitest';
import { DM_OWED_FOR_MS, DM_RETRY } from '../../../../src/core/run-records.js';
import { statusView } from '../../../../src/bot/views/account.view.js';
import { settleOwedDm } from '../../../../src/services/sorting/owed-dm.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { createMemoryBotServices } from '../../../support/memory-bot-services.js';

/** A linked user with one layer; `owing` makes a sync run of it whose DM is owed. */
const userWithLayer = async () => {
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
  const dropped = async () => (await set.services.status.statusOf('u1')).droppedDms;
  const text = async () => statusView(await set.services.status.statusOf('u1')).embeds[0]?.description ?? '';
  return { runs: set.runs.runs, owing, dropped, text };
};

/**
 * A summary Discord refused, held back past its week while DMs stayed refused, or given up after
 * every try failed (Discord down, not refusing), never reaches the user: /status says how many, even
 * once DMs work again, so that the user knows they missed some.
 */
describe('/status counts the summaries that never reached the user', () => {
  it('one refused and one held back too long: two, told in /status; none before', async () => {
    const { runs, owing, dropped, text } = await userWithLayer();
    const refused = await owing();
    const heldBack = await owing();
    expect(await dropped()).toBe(0);
    expect(await text()).not.toContain('never reached you');

    const now = new Date();
    await settleOwedDm(runs, refused, { delivered: false, reason: 'dms-closed' }, now);
    const weekOld = { ...heldBack, createdAt: new Date(now.getTime() - DM_OWED_FOR_MS - 60_000) };
    await settleOwedDm(runs, weekOld, { delivered: false, reason: 'suppressed' }, now);

    expect(await dropped()).toBe(2);
    expect(await text()).toContain('⚠️ 2 summaries of the last 7 days never reached you');
  });

  it('one whose every try failed is counted once it is given up, in words that fit both causes', async () => {
    const { runs, owing, dropped, text } = await userWithLayer();
    const failing = await owing();
    let at = Date.now() - 2 * 24 * 3_600_000;
    for (let tries = 0; tries < DM_RETRY.maxAttempts; tries++) {
      expect(await runs.claimDm(failing.id, DM_RETRY, new Date(at))).toBe(true);
      await settleOwedDm(runs, failing, { delivered: false, reason: 'failed' }, new Date(at));
      at += (24 * 3_600_000) / DM_RETRY.maxAttempts;
      expect(await dropped()).toBe(0);
    }
    expect(await runs.claimDm(failing.id, DM_RETRY, new Date())).toBe(false);

    expect(await dropped()).toBe(1);
    expect(await text()).toContain(
      '⚠️ 1 summary of the last 7 days never reached you: Discord refused my DMs or failed every try',
    );
  });
});
