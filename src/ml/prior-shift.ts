/**
 * Active learning asks about the tracks the model doubts, so the labeled tracks misstate how
 * common each sublist is among the rest (label shift). For exclusive (softmax) layers the
 * expectation-maximisation of Saerens, Latinne & Decaestecker (2002, "Adjusting the outputs of a
 * classifier to new a priori probabilities") re-estimates the classes' shares among the unlabeled
 * tracks from the model's own outputs. The change of each class's log-prior is returned so that
 * it can be added to the output bias: the corrected model is still one network.
 */

export const PRIOR_SHIFT_ITERATIONS = 10;
/** Largest change of a class's log-prior: the estimate rests on probabilities that are themselves rough. */
export const MAX_PRIOR_SHIFT = 1;
const FLOOR = 1e-4;

const columnMeans = (probabilities: Float32Array, outputs: number): number[] => {
  const rows = probabilities.length / outputs;
  const means = new Array<number>(outputs).fill(0);
  for (let i = 0; i < rows; i++)
    for (let o = 0; o < outputs; o++) means[o] = (means[o] ?? 0) + (probabilities[i * outputs + o] ?? 0);
  return means.map((sum) => Math.max(FLOOR, sum / Math.max(1, rows)));
};

/**
 * Per class, log(estimated share among the unlabeled / share the network learned), clamped to
 * ±MAX_PRIOR_SHIFT. The learned share is the network's mean output over the labeled tracks (it
 * includes the effect of class weighting in the loss). Classes no label holds keep their prior:
 * the network has nothing to say about them, and the ratio would explode.
 */
export const softmaxPriorShift = (
  labeledProbabilities: Float32Array,
  unlabeledProbabilities: Float32Array,
  outputs: number,
  labeledClasses: readonly boolean[],
): number[] => {
  const learned = columnMeans(labeledProbabilities, outputs);
  const rows = unlabeledProbabilities.length / outputs;
  if (rows === 0 || labeledProbabilities.length === 0) return new Array<number>(outputs).fill(0);
  let estimate = [...learned];
  const adjusted = new Float64Array(outputs);
  for (let iteration = 0; iteration < PRIOR_SHIFT_ITERATIONS; iteration++) {
    const next = new Array<number>(outputs).fill(0);
    for (let i = 0; i < rows; i++) {
      let total = 0;
      for (let o = 0; o < outputs; o++) {
        adjusted[o] =
          (unlabeledProbabilities[i * outputs + o] ?? 0) * ((estimate[o] ?? 0) / (learned[o] ?? 1));
        total += adjusted[o] ?? 0;
      }
      if (total <= 0) continue;
      for (let o = 0; o < outputs; o++) next[o] = (next[o] ?? 0) + (adjusted[o] ?? 0) / total / rows;
    }
    estimate = next.map((share, o) => (labeledClasses[o] ? Math.max(FLOOR, share) : (learned[o] ?? FLOOR)));
  }
  return estimate.map((share, o) =>
    labeledClasses[o]
      ? Math.max(-MAX_PRIOR_SHIFT, Math.min(MAX_PRIOR_SHIFT, Math.log(share / (learned[o] ?? 1))))
      : 0,
  );
};
