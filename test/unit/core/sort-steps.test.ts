import { describe, expect, it } from 'vitest';
import { applySortPlan } from '../../../src/core/sort-plan.js';
import { buildUndoChanges, stepsOfChanges } from '../../../src/core/sort-steps.js';

const sets = (entries: Record<string, string[]>) =>
  new Map(Object.entries(entries).map(([id, tracks]) => [id, new Set(tracks)]));
const ids = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('stepsOfChanges', () => {
  it('splits writes into batches of at most 100, adds before removes (in a mutual layer too)', () => {
    const steps = stepsOfChanges([
      { sublistId: 'a', add: ids(250), remove: ids(3, 'r') },
      { sublistId: 'b', add: ids(100), remove: [] },
    ]);
    expect(steps.map((s) => [s.sublistId, s.action, s.trackIds.length])).toEqual([
      ['a', 'add', 100],
      ['a', 'add', 100],
      ['a', 'add', 50],
      ['b', 'add', 100],
      ['a', 'remove', 3],
    ]);
    expect(steps.flatMap((s) => (s.sublistId === 'a' && s.action === 'add' ? s.trackIds : []))).toEqual(
      ids(250),
    );
  });
});

describe('buildUndoChanges', () => {
  it('reverts a run exactly when nobody touched the playlists since', () => {
    const before = sets({ a: ['x', 'y'], b: ['z'] });
    const changes = [
      { sublistId: 'a', add: ['n1', 'n2'], remove: ['y'] },
      { sublistId: 'b', add: ['y'], remove: [] },
    ];
    const after = applySortPlan(before, changes);
    const undo = buildUndoChanges(stepsOfChanges(changes), after, new Map());
    expect(applySortPlan(after, undo)).toEqual(applySortPlan(before, []));
  });

  it('leaves alone what the user changed by hand since the run', () => {
    const before = sets({ a: ['x'], b: [] });
    const changes = [
      { sublistId: 'a', add: ['n1', 'n2'], remove: ['x'] },
      { sublistId: 'b', add: ['n3'], remove: [] },
    ];
    const after = applySortPlan(before, changes);
    // The user removed n1 by hand, and put n2 back after removing it: both are theirs now.
    after.get('a')?.delete('n1');
    const undo = buildUndoChanges(stepsOfChanges(changes), after, sets({ a: ['n1', 'n2'] }));
    expect(undo).toEqual([
      { sublistId: 'a', add: ['x'], remove: [] },
      { sublistId: 'b', add: [], remove: ['n3'] },
    ]);
  });

  it('reverts a run and a correction made on it since: the playlists end as before the run', () => {
    const before = sets({ a: ['x'], b: [], c: [] });
    const run = [{ sublistId: 'a', add: ['n1', 'n2'], remove: [] }];
    // The user moved n1 from a to b with a correction, then to c with another.
    const corrections = [
      [
        { sublistId: 'a', add: [], remove: ['n1'] },
        { sublistId: 'b', add: ['n1'], remove: [] },
      ],
      [
        { sublistId: 'b', add: [], remove: ['n1'] },
        { sublistId: 'c', add: ['n1'], remove: [] },
      ],
    ];
    let after = applySortPlan(before, run);
    for (const c of corrections) after = applySortPlan(after, c);
    const applied = [run, ...corrections].flatMap((changes) => stepsOfChanges(changes));
    const undo = buildUndoChanges(applied, after, new Map());
    expect(undo).toEqual([
      { sublistId: 'a', add: [], remove: ['n2'] },
      { sublistId: 'c', add: [], remove: ['n1'] },
    ]);
    expect(applySortPlan(after, undo)).toEqual(applySortPlan(before, []));
  });
});
