import type { LayerDataset } from './dataset.js';
import type { LogisticWeights } from './layer-model.js';
import type { FoldRun } from './network-fit.js';
import {
  blendProbabilities,
  fitLogisticWeights,
  logisticProbabilities,
  logisticRows,
} from './regression-blend.js';
import { outputCount } from './targets.js';
import type { Prepared } from './training-examples.js';

const logLossOf = (probabilities: readonly Float32Array[], targets: readonly Float32Array[]): number => {
  let loss = 0;
  probabilities.forEach((p, i) =>
    p.forEach((q, k) => {
      const clipped = Math.min(1 - 1e-4, Math.max(1e-4, q));
      loss -= (targets[i]?.[k] ?? 0) === 1 ? Math.log(clipped) : Math.log(1 - clipped);
    }),
  );
  return loss / Math.max(1, probabilities.length);
};

/**
 * Each fold's regression on the same training examples, its L2 that of least out-of-fold log
 * loss; then the network's weight in the blend of least out-of-fold log loss (the first of the
 * grid on a tie), before smoothing: a loss over probabilities is steadier on a few dozen held-out
 * labels than micro-F1 after thresholds (tuning cells, 4 seeds: +0.008 mean micro-F1 at 100
 * labels against choosing by micro-F1). Returns the blend and each fold's blended probabilities
 * of its rows (the network's own when it alone did best). Only the chosen blend is computed for
 * every row: a 28k-track motherlist's probabilities at every weight and L2 held the thread.
 */
export const blendWithRegression = (
  dataset: LayerDataset,
  { options, outputs, base, removals }: Prepared,
  foldRuns: readonly FoldRun[],
): { blend?: { network: number; l2: number }; priors: Float32Array[][] } => {
  const rows = logisticRows(dataset, base.blocks);
  const count = outputCount(outputs);
  const { mutual } = outputs.mode;
  const targets = foldRuns.flatMap((run) => run.test.map((e) => e.label.target));
  const testRows = foldRuns.map((run) => run.test.map((e) => e.row));
  let chosen: { loss: number; l2: number; models: LogisticWeights[] } | undefined;
  for (const l2 of options.logisticL2Grid) {
    const models = foldRuns.map((run) => fitLogisticWeights(rows, run.train, removals, count, l2));
    const loss = logLossOf(
      foldRuns.flatMap((_, f) =>
        logisticProbabilities(models[f] as LogisticWeights, rows, testRows[f] ?? [], mutual),
      ),
      targets,
    );
    if (!chosen || loss < chosen.loss) chosen = { loss, l2, models };
  }
  const network = foldRuns.map((run) => {
    const position = new Map(run.rows.map((row, i) => [row, i]));
    return run.test.map((e) => run.probabilities[position.get(e.row) ?? -1] as Float32Array);
  });
  const regression = foldRuns.map((_, f) =>
    logisticProbabilities(chosen?.models[f] as LogisticWeights, rows, testRows[f] ?? [], mutual),
  );
  const losses = options.blendGrid.map((weight) =>
    logLossOf(
      foldRuns.flatMap((_, f) => blendProbabilities(network[f] ?? [], regression[f] ?? [], weight)),
      targets,
    ),
  );
  const weight = options.blendGrid[losses.indexOf(Math.min(...losses))] ?? 1;
  if (!chosen || weight >= 1) return { priors: foldRuns.map((run) => run.probabilities) };
  const { l2, models } = chosen;
  return {
    blend: { network: weight, l2 },
    priors: foldRuns.map((run, f) =>
      blendProbabilities(
        run.probabilities,
        logisticProbabilities(models[f] as LogisticWeights, rows, run.rows, mutual),
        weight,
      ),
    ),
  };
};
