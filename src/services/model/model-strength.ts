import type { LayerMode, Placement } from '../../core/layer.js';
import type { WeakModelWarning } from '../ports/model-ports.js';

/**
 * Below this cross-validated macro F1 a model is weak: on average it gets fewer than half of a
 * sublist's songs right (the 30-label model scored 9%).
 */
export const QUALITY_FLOOR = 0.5;

/**
 * Answers each sublist (and the void of an incomplete layer) should have before more of the
 * same help less than answers for the thin ones: with 3-fold cross-validation a sublist with fewer
 * has 3 or fewer held-out answers per fold, too few to measure it, let alone learn it.
 */
export const ANSWERS_PER_SUBLIST = 10;

export interface ModelStrengthInput {
  mode: LayerMode;
  sublists: readonly { id: string; name: string }[];
  /** The answers the model was trained on (empty placement = the void). */
  labels: ReadonlyMap<string, Placement>;
  /** Cross-validated macro F1; undefined when it could not be measured. */
  quality: number | undefined;
  /** The model decodes to a trivial answer, which scored better out of fold than its own. */
  trivial: boolean;
}

/**
 * Whether a freshly trained model is too weak to trust, and how many more answers would help: the
 * answers the thin sublists lack to reach ANSWERS_PER_SUBLIST each, or, when every sublist has
 * that many, as many again as there are (the evaluation's learning curve, bench/ml, rises at each
 * doubling from 25 to 100 labels).
 */
export const weakModelWarning = (input: ModelStrengthInput): WeakModelWarning | undefined => {
  const weak = input.trivial || input.quality === undefined || input.quality < QUALITY_FLOOR;
  if (!weak) return undefined;
  const counts = input.sublists.map((s) => ({ name: s.name, labels: 0, id: s.id }));
  let voids = 0;
  for (const placement of input.labels.values()) {
    if (placement.length === 0) voids++;
    for (const id of placement) {
      const count = counts.find((c) => c.id === id);
      if (count) count.labels++;
    }
  }
  const outputs = [
    ...counts.map(({ name, labels }) => ({ name, labels })),
    ...(input.mode.complete ? [] : [{ name: 'void', labels: voids }]),
  ];
  const thin = outputs.filter((o) => o.labels < ANSWERS_PER_SUBLIST).sort((a, b) => a.labels - b.labels);
  const lacking = thin.reduce((sum, o) => sum + (ANSWERS_PER_SUBLIST - o.labels), 0);
  return {
    quality: input.quality,
    trivial: input.trivial,
    moreLabels: lacking > 0 ? lacking : input.labels.size,
    thin,
  };
};
