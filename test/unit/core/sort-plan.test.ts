import { describe, expect, it } from 'vitest';
import type { LayerMode, Placement } from '../../../src/core/layer.js';
import {
  type DesiredPlacement,
  type SortPlanInput,
  applySortPlan,
  buildSortPlan,
  countPlacements,
} from '../../../src/core/sort-plan.js';

const sets = (entries: Record<string, string[]>) =>
  new Map(Object.entries(entries).map(([id, tracks]) => [id, new Set(tracks)]));

const want = (placement: Placement): DesiredPlacement => ({ placement, confidence: 0.9, source: 'model' });

const input = (overrides: Partial<SortPlanInput>): SortPlanInput => ({
  mode: { mutual: true, complete: false },
  sublistIds: ['a', 'b', 'c'],
  desired: new Map(),
  contents: sets({ a: [], b: [], c: [] }),
  handRemoved: new Map(),
  handAdded: new Map(),
  departed: new Set(),
  removeDeparted: true,
  ...overrides,
});

describe('buildSortPlan', () => {
  it('adds tracks to their predicted sublist and never writes the void', () => {
    const plan = buildSortPlan(
      input({
        desired: new Map([
          ['t1', want(['a'])],
          ['t2', want([])],
          ['t3', want(['c'])],
        ]),
      }),
    );
    expect(plan.changes).toEqual([
      { sublistId: 'a', add: ['t1'], remove: [] },
      { sublistId: 'c', add: ['t3'], remove: [] },
    ]);
    expect(plan.placements.get('t2')).toEqual([]);
  });

  it('moves a track: adds to the new sublist and removes it from the old one', () => {
    const plan = buildSortPlan(
      input({ desired: new Map([['t1', want(['b'])]]), contents: sets({ a: ['t1'], b: [], c: [] }) }),
    );
    expect(plan.changes).toEqual([
      { sublistId: 'a', add: [], remove: ['t1'] },
      { sublistId: 'b', add: ['t1'], remove: [] },
    ]);
  });

  it('does nothing for a track already where it belongs', () => {
    const plan = buildSortPlan(
      input({ desired: new Map([['t1', want(['a'])]]), contents: sets({ a: ['t1'], b: [], c: [] }) }),
    );
    expect(plan.changes).toEqual([]);
  });

  it('never re-adds a track the user removed by hand', () => {
    const plan = buildSortPlan(
      input({ desired: new Map([['t1', want(['a'])]]), handRemoved: sets({ a: ['t1'] }) }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.heldBack).toEqual([{ trackId: 't1', sublistId: 'a', reason: 'removed-by-hand' }]);
    expect(plan.placements.get('t1')).toEqual([]);
  });

  it('never takes out a track the user added by hand', () => {
    const plan = buildSortPlan(
      input({
        desired: new Map([['t1', want(['a'])]]),
        contents: sets({ a: [], b: ['t1'], c: [] }),
        handAdded: sets({ b: ['t1'] }),
      }),
    );
    expect(plan.changes).toEqual([{ sublistId: 'a', add: ['t1'], remove: [] }]);
    expect(plan.heldBack).toEqual([{ trackId: 't1', sublistId: 'b', reason: 'added-by-hand' }]);
  });

  it('takes a track that left the motherlist out of every sublist, unless the setting is off', () => {
    const contents = sets({ a: ['gone'], b: ['gone'], c: ['stays'] });
    const on = buildSortPlan(input({ contents, departed: new Set(['gone']) }));
    expect(on.changes).toEqual([
      { sublistId: 'a', add: [], remove: ['gone'] },
      { sublistId: 'b', add: [], remove: ['gone'] },
    ]);
    const off = buildSortPlan(input({ contents, departed: new Set(['gone']), removeDeparted: false }));
    expect(off.changes).toEqual([]);
  });

  it('leaves alone tracks of a sublist that were never in the motherlist', () => {
    const plan = buildSortPlan(input({ contents: sets({ a: ['foreign'], b: [], c: [] }) }));
    expect(plan.changes).toEqual([]);
  });

  it('rejects a placement its mode forbids', () => {
    expect(() => buildSortPlan(input({ desired: new Map([['t1', want(['a', 'b'])]]) }))).toThrow(/mutual/);
    expect(() =>
      buildSortPlan(input({ mode: { mutual: false, complete: true }, desired: new Map([['t1', want([])]]) })),
    ).toThrow(/complete/);
    expect(() => buildSortPlan(input({ desired: new Map([['t1', want(['zzz'])]]) }))).toThrow(/unknown/);
  });

  it('places a track in several sublists in non-mutual layers', () => {
    const plan = buildSortPlan(
      input({
        mode: { mutual: false, complete: false },
        desired: new Map([['t1', want(['a', 'c'])]]),
        contents: sets({ a: [], b: ['t1'], c: [] }),
      }),
    );
    expect(plan.changes).toEqual([
      { sublistId: 'a', add: ['t1'], remove: [] },
      { sublistId: 'b', add: [], remove: ['t1'] },
      { sublistId: 'c', add: ['t1'], remove: [] },
    ]);
    expect(countPlacements(['a', 'b', 'c'], plan.placements)).toEqual({
      perSublist: { a: 1, b: 0, c: 1 },
      void: 0,
    });
  });
});

/** Small seeded generator so that every failure is reproducible from its seed. */
const randomOf = (seed: number) => {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
};

const MODES: LayerMode[] = [
  { mutual: true, complete: true },
  { mutual: true, complete: false },
  { mutual: false, complete: true },
  { mutual: false, complete: false },
];

const randomInput = (seed: number): SortPlanInput => {
  const random = randomOf(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const mode = pick(MODES);
  const sublistIds = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => `s${i}`);
  const tracks = Array.from({ length: 5 + Math.floor(random() * 40) }, (_, i) => `t${i}`);
  const contents = new Map(sublistIds.map((id) => [id, new Set(tracks.filter(() => random() < 0.3))]));
  const handRemoved = new Map(sublistIds.map((id) => [id, new Set(tracks.filter(() => random() < 0.1))]));
  const handAdded = new Map(
    sublistIds.map((id) => [id, new Set([...(contents.get(id) ?? [])].filter(() => random() < 0.15))]),
  );
  const desired = new Map<string, DesiredPlacement>();
  const departed = new Set<string>();
  for (const trackId of tracks) {
    const roll = random();
    if (roll < 0.15) departed.add(trackId);
    else if (roll < 0.85) {
      let placement: string[];
      if (mode.mutual) placement = mode.complete || random() < 0.7 ? [pick(sublistIds)] : [];
      else placement = sublistIds.filter(() => random() < 0.4);
      if (mode.complete && placement.length === 0) placement = [pick(sublistIds)];
      desired.set(trackId, want(placement));
    }
  }
  return {
    mode,
    sublistIds,
    desired,
    contents,
    handRemoved,
    handAdded,
    departed,
    removeDeparted: random() < 0.7,
  };
};

describe('buildSortPlan properties (200 seeded random layers over all four modes)', () => {
  const seeds = Array.from({ length: 200 }, (_, i) => i + 1);

  it('applying the plan gives every desired track its placement, minus what hand edits forbid', () => {
    for (const seed of seeds) {
      const given = randomInput(seed);
      const plan = buildSortPlan(given);
      const after = applySortPlan(given.contents, plan.changes);
      for (const [trackId, want] of given.desired) {
        for (const sublistId of given.sublistIds) {
          const inside = after.get(sublistId)?.has(trackId) ?? false;
          const handAdded = given.handAdded.get(sublistId)?.has(trackId) ?? false;
          const handRemoved = given.handRemoved.get(sublistId)?.has(trackId) ?? false;
          const wasThere = given.contents.get(sublistId)?.has(trackId) ?? false;
          if (want.placement.includes(sublistId))
            expect(inside, `seed ${seed}`).toBe(wasThere || !handRemoved);
          else expect(inside, `seed ${seed}`).toBe(handAdded && wasThere);
        }
        expect(
          plan.placements.get(trackId)?.every((s) => after.get(s)?.has(trackId)),
          `seed ${seed}`,
        ).toBe(true);
      }
    }
  });

  it('never adds a hand-removed track, never removes a hand-added one, never adds twice', () => {
    for (const seed of seeds) {
      const given = randomInput(seed);
      for (const change of buildSortPlan(given).changes) {
        const present = given.contents.get(change.sublistId) ?? new Set();
        expect(new Set(change.add).size).toBe(change.add.length);
        expect(new Set(change.remove).size).toBe(change.remove.length);
        for (const trackId of change.add) {
          expect(present.has(trackId), `seed ${seed}`).toBe(false);
          expect(given.handRemoved.get(change.sublistId)?.has(trackId) ?? false, `seed ${seed}`).toBe(false);
        }
        for (const trackId of change.remove) {
          expect(present.has(trackId), `seed ${seed}`).toBe(true);
          expect(given.handAdded.get(change.sublistId)?.has(trackId) ?? false, `seed ${seed}`).toBe(false);
        }
      }
    }
  });

  it('touches only desired or departed tracks, and departed ones only when the setting is on', () => {
    for (const seed of seeds) {
      const given = randomInput(seed);
      for (const change of buildSortPlan(given).changes) {
        for (const trackId of [...change.add, ...change.remove]) {
          const allowed = given.desired.has(trackId) || (given.removeDeparted && given.departed.has(trackId));
          expect(allowed, `seed ${seed}`).toBe(true);
        }
      }
    }
  });

  it('is idempotent: planning again on the result plans nothing', () => {
    for (const seed of seeds) {
      const given = randomInput(seed);
      const after = applySortPlan(given.contents, buildSortPlan(given).changes);
      expect(buildSortPlan({ ...given, contents: after }).changes, `seed ${seed}`).toEqual([]);
    }
  });
});
