import { describe, expect, it } from 'vitest';
import type { LayerCycle } from '../../../src/core/layer-graph.js';
import type { Layer, Sublist } from '../../../src/core/layer-records.js';
import type { SortOutcome } from '../../../src/services/ports/model-ports.js';
import { sortSummaryPost } from '../../../src/bot/views/model.view.js';
import type { View } from '../../../src/bot/views/view.js';

const layer = (id: string, name: string): Layer => ({
  id,
  userId: 'u',
  name,
  motherlistId: 'liked',
  mode: { mutual: true, complete: true },
  precisionTarget: 0.8,
  createdAt: new Date(0),
});
const sublist = (id: string, layerId: string, name: string): Sublist => ({
  id,
  layerId,
  name,
  playlistId: `p-${id}`,
  position: 0,
});

const loopA = layer('a', 'Loop A');
const diary = layer('b', 'Private diary');
const cycle: LayerCycle = {
  layers: [loopA, diary],
  links: [
    { parent: loopA, sublist: sublist('s1', 'a', 'To B'), child: diary },
    { parent: diary, sublist: sublist('s2', 'b', 'Secret crush'), child: loopA },
  ],
};
const outcome: SortOutcome = {
  runId: '00000000-0000-4000-8000-000000000009',
  dryRun: false,
  perSublist: [{ name: 'To B', added: 2, removed: 0, total: 2 }],
  voidCount: 0,
  uncertain: [],
};
const textOf = (view: View) => JSON.stringify(view);

describe('the /sort summary posted for everyone (public results)', () => {
  it('carries the run of this layer alone: the circle, which names the user’s other layers, goes to the user alone', () => {
    const { summary, toUserAlone } = sortSummaryPost('Loop A', outcome, { cycle }, true);
    expect(textOf(summary)).toContain('Sorted Loop A');
    expect(textOf(summary)).toContain('**To B**: +2');
    expect(textOf(summary)).not.toContain('Private diary');
    expect(textOf(summary)).not.toContain('Secret crush');
    expect(toUserAlone).toContain(
      '⚠️ In a circle: **Loop A** › To B feeds **Private diary**, **Private diary** › Secret crush feeds **Loop A**',
    );
    expect(toUserAlone).toContain('Only you see this');
  });

  it('private (only the user sees it), says it all in one message, as before', () => {
    const { summary, toUserAlone } = sortSummaryPost('Loop A', outcome, { cycle }, false);
    expect(textOf(summary)).toContain('In a circle: **Loop A** › To B feeds **Private diary**');
    expect(toUserAlone).toBeUndefined();
    expect(sortSummaryPost('Loop A', outcome, {}, true).toUserAlone).toBeUndefined();
  });

  const held: SortOutcome = { ...outcome, unlisted: { sublistNames: ['To B'], songs: 3 } };
  const gone =
    "⚠️ 3 songs not placed: **To B**'s playlist is no longer in your Spotify library (deleted or unfollowed, or owned by another Spotify account than the one linked). Put it back in your library (or `/link` the Spotify account that owns it), or remove the sublist with `/sublist remove`.";

  it('says how many songs were not placed and for which sublist; why and the remedy, which tell of the user’s Spotify account, go to the user alone', () => {
    const { summary, toUserAlone } = sortSummaryPost('Loop A', held, {}, true);
    expect(summary.embeds[0]?.description).toContain('⚠️ 3 songs not placed in **To B**.');
    expect(textOf(summary)).not.toContain('Spotify');
    expect(textOf(summary)).not.toContain('/link');
    expect(toUserAlone).toContain(gone);
    expect(toUserAlone).toContain('Only you see this');
  });

  it('a summary private to the user says why and the remedy inline, as before; shared with a circle, the note has both', () => {
    const alone = sortSummaryPost('Loop A', held, {}, false);
    expect(alone.summary.embeds[0]?.description).toContain(gone);
    expect(alone.toUserAlone).toBeUndefined();
    const both = sortSummaryPost('Loop A', held, { cycle }, true);
    expect(both.toUserAlone).toContain('⚠️ In a circle: **Loop A** › To B feeds **Private diary**');
    expect(both.toUserAlone).toContain(gone);
    expect(textOf(both.summary)).not.toContain('Private diary');
    expect(textOf(both.summary)).not.toContain('Spotify');
  });
});
