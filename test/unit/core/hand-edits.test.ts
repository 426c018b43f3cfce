import { describe, expect, it } from 'vitest';
import { detectHandEdits, labelFromHandEdits, removalAnswers } from '../../../src/core/hand-edits.js';

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
});
