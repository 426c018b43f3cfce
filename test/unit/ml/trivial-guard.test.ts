import { describe, expect, it } from 'vitest';
import type { LayerMode, Placement } from '../../../src/core/layer.js';
import { TRIVIAL_BASELINES, trivialPlacement } from '../../../src/ml/baseline-trivial.js';
import { runMotherlistSession } from '../../../src/ml/evaluate-motherlist.js';
import { scorePlacements } from '../../../src/ml/metrics.js';
import {
  MINIMUM_RANDOM_GUARD_LABELS,
  chooseTrivialDecoding,
  guardAnswers,
  guardSample,
  validTrivialAnswers,
  winShare,
} from '../../../src/ml/trivial-guard.js';
import { layerForMode } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

const MODES: LayerMode[] = [
  { mutual: true, complete: true },
  { mutual: true, complete: false },
  { mutual: false, complete: true },
  { mutual: false, complete: false },
];

describe('the guard against sorting worse than a trivial answer', () => {
  const outputs = { mode: { mutual: false, complete: true }, sublistIds: ['a', 'b', 'c'] };
  const test: Placement[] = [
    ['a', 'b'],
    ['b', 'c'],
    ['a', 'c'],
    ['a', 'b', 'c'],
  ];

  it('keeps the model when it scores at least as well out of fold', () => {
    const folds = [{ train: [['a']], test, predicted: test }];
    expect(chooseTrivialDecoding(outputs, folds, [['a']])).toBeUndefined();
  });

  it('takes the best trivial answer when the model scores below it', () => {
    const folds = [{ train: [['a']], test, predicted: test.map(() => ['a']) }];
    const chosen = chooseTrivialDecoding(outputs, folds, [['a'], ['c'], ['c']]);
    expect(chosen?.answer).toBe('everywhere');
    expect(chosen?.placement).toEqual(['a', 'b', 'c']);
    expect(chosen!.outOfFold.answer).toBeGreaterThan(chosen!.outOfFold.model);
  });

  it('never decodes a non-mutual layer to its biggest sublist, even where that scores best out of fold', () => {
    // Every held-out song is in a alone: "majority" (a) scores 1, the model (a and b) 0.67,
    // "everywhere" 0.5.
    const onlyA: Placement[] = test.map(() => ['a']);
    const folds = [{ train: [['a'], ['a', 'b']], test: onlyA, predicted: onlyA.map(() => ['a', 'b']) }];
    expect(chooseTrivialDecoding(outputs, folds, [['a']])).toBeUndefined();
    const mutual = { ...outputs, mode: { mutual: true, complete: true } };
    const mutualFolds = [{ train: [['a']], test: onlyA, predicted: onlyA.map(() => ['b']) }];
    expect(chooseTrivialDecoding(mutual, mutualFolds, [['a']])?.answer).toBe('majority');
    expect(guardAnswers(outputs)).toEqual(['everywhere']);
    expect(guardAnswers({ ...outputs, mode: { mutual: false, complete: false } })).toEqual([
      'all-void',
      'everywhere',
    ]);
    expect(guardAnswers({ ...outputs, mode: { mutual: true, complete: false } })).toEqual([
      'majority',
      'all-void',
    ]);
  });

  it('never puts a song everywhere in a mutual layer', () => {
    const mutual = { mode: { mutual: true, complete: true }, sublistIds: ['a', 'b', 'c'] };
    const truth: Placement[] = [['a'], ['a'], ['b'], ['c']];
    const folds = [{ train: [['a']], test: truth, predicted: truth.map(() => ['c']) }];
    expect(chooseTrivialDecoding(mutual, folds, [['a'], ['b']])).toMatchObject({
      answer: 'majority',
      placement: ['a'],
    });
  });
});

describe('the labels the guard scores on', () => {
  const heldOut = Array.from({ length: 20 }, (_, i) => ({ trackId: `t${i}` }));
  const idOf = (held: { trackId: string }) => held.trackId;
  const drawn = (count: number) => new Set(heldOut.slice(0, count).map(idOf));

  it('are the labels drawn at random once there are enough of them', () => {
    expect(guardSample(heldOut, idOf, drawn(MINIMUM_RANDOM_GUARD_LABELS))).toEqual(
      heldOut.slice(0, MINIMUM_RANDOM_GUARD_LABELS),
    );
  });

  it('are every label with fewer random ones, or when nobody recorded how labels were drawn', () => {
    expect(guardSample(heldOut, idOf, drawn(MINIMUM_RANDOM_GUARD_LABELS - 1))).toEqual(heldOut);
    expect(guardSample(heldOut, idOf, undefined)).toEqual(heldOut);
  });

  it('change the decision when the hard songs the learner asked about mislead it', () => {
    // Asked about because the model doubted them: neither the model nor majority gets them right.
    const hard = Array.from({ length: 8 }, () => ({ random: false, truth: ['b', 'c'], predicted: ['a'] }));
    // Drawn at random: most songs are in a and b, where the model is right.
    const sample = Array.from({ length: 8 }, () => ({
      random: true,
      truth: ['a', 'b'],
      predicted: ['a', 'b'],
    }));
    const held = [...hard, ...sample];
    const outputs = { mode: { mutual: false, complete: true }, sublistIds: ['a', 'b', 'c'] };
    const decide = (scored: readonly (typeof held)[number][]) =>
      chooseTrivialDecoding(
        outputs,
        [{ train: [['a']], test: scored.map((h) => h.truth), predicted: scored.map((h) => h.predicted) }],
        [['a']],
      );
    const randomOnly = new Set(held.flatMap((h, i) => (h.random ? [String(i)] : [])));
    const idOfHeld = (h: (typeof held)[number]) => String(held.indexOf(h));
    expect(decide(guardSample(held, idOfHeld, undefined))?.answer).toBe('everywhere');
    expect(decide(guardSample(held, idOfHeld, randomOnly))).toBeUndefined();
  });
});

describe('how sure the guard is that a trivial answer scores better', () => {
  const truth: Placement[] = Array.from({ length: 12 }, (_, i) => (i % 2 ? ['a'] : ['b']));

  it('is sure when the answer is right on every track and the model on none', () => {
    expect(
      winShare(
        truth,
        truth,
        truth.map(() => ['c']),
      ),
    ).toBe(1);
  });

  it('never counts a tie as a win', () => {
    expect(winShare(truth, truth, truth)).toBe(0);
  });

  it('is unsure when they differ on one track of twelve', () => {
    const model = truth.map((t, i) => (i === 0 ? ['c'] : t));
    const share = winShare(truth, truth, model);
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.84);
    expect(winShare(truth, truth, model)).toBe(share);
  });

  it('keeps the model when a trivial answer leads but not surely enough', () => {
    const outputs = { mode: { mutual: true, complete: true }, sublistIds: ['a', 'b', 'c'] };
    // Majority (a) is right on 11 of 12 tracks; the model on 10, among them the one in b.
    const mostlyA: Placement[] = truth.map((_, i) => (i === 0 ? ['b'] : ['a']));
    const model: Placement[] = mostlyA.map((t, i) => (i === 1 || i === 2 ? ['c'] : t));
    const folds = [{ train: [['a']], test: mostlyA, predicted: model }];
    expect(chooseTrivialDecoding(outputs, folds, [['a']])?.answer).toBe('majority');
    expect(chooseTrivialDecoding(outputs, folds, [['a']], 0.84)).toBeUndefined();
  });
});

describe('the guard in incomplete layers', () => {
  const incomplete = { mode: { mutual: false, complete: false }, sublistIds: ['a', 'b', 'c'] };
  const mutualIncomplete = { ...incomplete, mode: { mutual: true, complete: false } };
  // Mostly void answers, as in a layer of Liked Songs into a few genre playlists.
  const test: Placement[] = [[], [], [], [], ['a'], ['b']];

  it('offers each mode exactly the trivial answers it allows', () => {
    const answers = MODES.map((mode) => validTrivialAnswers({ mode, sublistIds: ['a'] }));
    expect(answers).toEqual([
      ['majority'],
      ['majority', 'all-void'],
      ['majority', 'everywhere'],
      ['majority', 'all-void', 'everywhere'],
    ]);
  });

  it('leaves every song in the void when none of the model’s out-of-fold placements is right', () => {
    // The model places the void songs and misses the placed ones; majority (c) is never right either.
    const predicted: Placement[] = [['a'], ['b'], ['c'], ['a'], ['c'], ['a']];
    const folds = [{ train: [['c'], ['c'], []], test, predicted }];
    const chosen = chooseTrivialDecoding(mutualIncomplete, folds, [['c'], ['c'], [], ...test]);
    expect(chosen).toMatchObject({ answer: 'all-void', placement: [], outOfFold: { model: 0, answer: 0 } });
  });

  it('keeps a model that places songs right out of fold better than every song everywhere', () => {
    const predicted: Placement[] = [['a'], ['b'], ['c'], ['a'], ['a'], ['a']];
    const folds = [{ train: [['c'], ['c'], []], test, predicted }];
    expect(chooseTrivialDecoding(incomplete, folds, [['c'], ['c']])).toBeUndefined();
  });

  it('keeps a model that already leaves the songs it cannot place in the void', () => {
    const predicted: Placement[] = test.map(() => []);
    const folds = [{ train: [['c']], test, predicted }];
    expect(chooseTrivialDecoding(mutualIncomplete, folds, [['c']])).toBeUndefined();
  });

  it('never leaves a complete layer’s songs in the void', () => {
    const complete = { mode: { mutual: true, complete: true }, sublistIds: ['a', 'b', 'c'] };
    const truth: Placement[] = [['a'], ['b'], ['b']];
    const folds = [{ train: [['c'], ['c']], test: truth, predicted: [['c'], ['c'], ['a']] }];
    expect(chooseTrivialDecoding(complete, folds, [['c'], ['c']])).toBeUndefined();
  });
});

describe('no failure mode with few labels on the tidytuesday slice', () => {
  it.each(MODES)(
    'the sort at 10 and 25 labels is never worse than a trivial answer from the same labels (mode %o)',
    async (mode) => {
      const { library, dataset } = layerForMode(mode);
      const asked = new Map<number, string[]>();
      const results = await runMotherlistSession(
        library,
        dataset,
        [10, 25],
        1,
        'active',
        {},
        (budget, _, ids) => asked.set(budget, [...ids]),
      );
      for (const result of results) {
        const ids = asked.get(result.budget)!;
        const labels = ids.map((id) => library.truth.get(id) ?? []);
        const unlabeled = library.items.map((i) => i.track.id).filter((id) => !ids.includes(id));
        for (const answer of TRIVIAL_BASELINES) {
          // A mutual layer cannot hold a song in every sublist: that answer is no sort there.
          if (answer === 'everywhere' && mode.mutual) continue;
          const placement = trivialPlacement(answer, mode, library.sublistIds, labels);
          if (!placement) continue;
          const trivial = scorePlacements(
            library.sublistIds,
            unlabeled.map(() => placement),
            unlabeled.map((id) => library.truth.get(id) ?? []),
          );
          expect(result.scores.microF1).toBeGreaterThanOrEqual(trivial.microF1);
          // And against the protocol's trivial answer (from its random labels) on these same songs.
          expect(result.scores.microF1).toBeGreaterThanOrEqual(result.trivialOnSameTracks?.[answer] ?? 1);
        }
      }
    },
  );
});
