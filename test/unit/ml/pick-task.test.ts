import { describe, expect, it } from 'vitest';
import type { Placement } from '../../../src/core/layer.js';
import { BETWEEN_ROUNDS_OPTIONS, pickLabelRound } from '../../../src/ml/active-learner.js';
import { trainLayerModel } from '../../../src/ml/train-layer.js';
import { type LayerAnswers, type PickTask, runModelTask } from '../../../src/ml/model-tasks.js';
import { randomLabels, sliceLayer } from './fixture.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

/** The slice's answers as the services send them (no hand removals). */
const answersOf = (labels: ReadonlyMap<string, Placement>, seed: number): LayerAnswers => {
  const { library } = sliceLayer();
  return { enrichment: false, mode: library.mode, sublistIds: library.sublistIds, labels: [...labels], seed };
};

/** The bot's pick (the pick task a model thread runs) against the evaluated session's between rounds. */
describe('the pick task with the layer’s answers', () => {
  it('picks with a light model trained on them: the evaluated session’s pick, not the cold start’s', async () => {
    const { library, dataset } = sliceLayer();
    const labels = randomLabels(library, 20, 5);
    const asked = [...labels.keys()];
    const round: PickTask = { kind: 'pick', items: library.items, asked, count: 10, seed: 77 };
    const answers = answersOf(labels, 3);

    const withAnswers = await runModelTask({ ...round, answers });
    const without = await runModelTask(round);

    // What runMotherlistSession picks next after these 20 answers (src/ml/evaluate-motherlist.ts).
    const model = await trainLayerModel({
      dataset,
      mode: library.mode,
      sublistIds: library.sublistIds,
      labels,
      seed: 3,
      options: BETWEEN_ROUNDS_OPTIONS,
    });
    const evaluated = pickLabelRound({ dataset, asked: new Set(asked), model, count: 10, seed: 77 });
    expect(withAnswers).toEqual(evaluated);
    expect(withAnswers.trackIds).toHaveLength(10);
    // The same random share (same seed), other chosen tracks.
    expect(withAnswers.randomlyDrawn).toEqual(without.randomlyDrawn);
    expect(withAnswers.trackIds).not.toEqual(without.trackIds);
    for (const id of withAnswers.trackIds) expect(labels.has(id)).toBe(false);
  });

  it('goes by the answers rather than a stored model given beside them', async () => {
    const { library } = sliceLayer();
    const labels = randomLabels(library, 20, 6);
    const answers = answersOf(labels, 1);
    const stored = await runModelTask({
      kind: 'train',
      items: library.items,
      ...answers,
      labels: [...randomLabels(library, 40, 9)],
      options: { epochs: 20 },
    });
    const round: PickTask = {
      kind: 'pick',
      items: library.items,
      asked: [...labels.keys()],
      count: 10,
      seed: 4,
    };
    const byAnswers = await runModelTask({ ...round, answers });
    expect(await runModelTask({ ...round, answers, model: stored })).toEqual(byAnswers);
    expect((await runModelTask({ ...round, model: stored })).trackIds).not.toEqual(byAnswers.trackIds);
  });
});
