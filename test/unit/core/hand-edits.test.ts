import { describe, expect, it } from 'vitest';
import {
  detectHandEdits,
  editsInForce,
  labelFromHandEdits,
  removalAnswers,
} from '../../../src/core/hand-edits.js';

const sets = (entries: Record<string, string[]>) =>
  new Map(Object.entries(entries).map(([id, tracks]) => [id, new Set(tracks)]));
const sublists = [
  { id: 'a', playlistId: 'pa' },
  { id: 'b', playlistId: 'pb' },
];

describe('hand edits', () => {
  it('are the differences between two reads of playlists read before', () => {
    const edits = detectHandEdits(
      sublists,
      sets({ pa: ['t1', 't2'], pb: [] }),
      sets({ pa: ['t2', 't3'], pb: ['t1'] }),
      () => true,
    );
    expect(edits).toEqual([
      { sublistId: 'a', trackId: 't3', action: 'add' },
      { sublistId: 'a', trackId: 't1', action: 'remove' },
      { sublistId: 'b', trackId: 't1', action: 'add' },
    ]);
    expect(detectHandEdits(sublists, sets({}), sets({ pa: ['t1'] }), () => false)).toEqual([]);
  });

  it('become labels that fit the mode', () => {
    const edits = detectHandEdits(
      sublists,
      sets({ pa: ['t1'], pb: [] }),
      sets({ pa: ['t1'], pb: ['t1'] }),
      () => true,
    );
    const after = sets({ a: ['t1'], b: ['t1'] });
    expect(labelFromHandEdits({ mutual: true, complete: true }, ['a', 'b'], 't1', edits, after)).toEqual([
      'b',
    ]);
    expect(labelFromHandEdits({ mutual: false, complete: true }, ['a', 'b'], 't1', edits, after)).toEqual([
      'a',
      'b',
    ]);
    const removed = [{ sublistId: 'a', trackId: 't2', action: 'remove' as const }];
    expect(
      labelFromHandEdits({ mutual: true, complete: true }, ['a', 'b'], 't2', removed, sets({})),
    ).toBeUndefined();
    expect(
      labelFromHandEdits({ mutual: true, complete: false }, ['a', 'b'], 't2', removed, sets({})),
    ).toEqual([]);
  });
});

describe('hand removals as answers', () => {
  it('are the sublists a song with no label was taken out of, and not put back into', () => {
    const edits = [
      { sublistId: 'a', trackId: 't1', action: 'remove' as const },
      { sublistId: 'b', trackId: 't1', action: 'remove' as const },
      { sublistId: 'a', trackId: 't2', action: 'remove' as const },
      { sublistId: 'b', trackId: 't2', action: 'add' as const },
      { sublistId: 'a', trackId: 't3', action: 'add' as const },
    ];
    expect([...removalAnswers(new Set(), edits)]).toEqual([
      ['t1', ['a', 'b']],
      ['t2', ['a']],
    ]);
    // A labeled song's answer is its label.
    expect([...removalAnswers(new Set(['t2']), edits)]).toEqual([['t1', ['a', 'b']]]);
  });

  it('give way to a newer label that disagrees with them, and hold against an older one', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    const edits = [
      { sublistId: 'a', trackId: 't1', action: 'remove' as const, detectedAt: at(10) },
      { sublistId: 'b', trackId: 't2', action: 'add' as const, detectedAt: at(10) },
      { sublistId: 'a', trackId: 't3', action: 'remove' as const, detectedAt: at(10) },
      { sublistId: 'a', trackId: 't4', action: 'remove' as const, detectedAt: at(10) },
    ];
    const inForce = editsInForce(edits, [
      // Labelled back into the sublist it was taken out of: the label is the newer answer.
      { trackId: 't1', sublistIds: ['a'], updatedAt: at(20) },
      // Labelled into another sublist than the one it was added to by hand.
      { trackId: 't2', sublistIds: ['a'], updatedAt: at(20) },
      // A newer label that agrees with the removal leaves it in force.
      { trackId: 't3', sublistIds: ['b'], updatedAt: at(20) },
      // An older label loses to the removal.
      { trackId: 't4', sublistIds: ['a'], updatedAt: at(5) },
    ]);
    expect(inForce.map((e) => e.trackId)).toEqual(['t3', 't4']);
    // No label (or the label taken back): the edit holds.
    expect(editsInForce(edits, [])).toEqual(edits);
  });
});
