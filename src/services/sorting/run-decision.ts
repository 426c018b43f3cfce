import { removalAnswers } from '../../core/hand-edits.js';
import { placementProblem } from '../../core/layer.js';
import type { Layer } from '../../core/layer-records.js';
import type { DesiredPlacement } from '../../core/sort-plan.js';
import { placeConfident, placeEverything, type ConfidentDecision } from './confident-sort.js';
import type { PlacementPrediction } from '../model/layer-predictions.js';
import type { SortConfidence } from '../ports/model-ports.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import { givenRemovals } from './removal-conditioning.js';

/**
 * What a run writes: the user's answers, and the model's guesses sure enough at the layer's
 * precision target (every guess when `everything`); the other songs wait.
 */
export const decide = async (
  deps: Pick<SortRunDeps, 'labels' | 'handEdits'>,
  layer: Layer,
  predictions: readonly PlacementPrediction[],
  scope: ReadonlySet<string>,
  everything: boolean,
): Promise<{
  desired: Map<string, DesiredPlacement>;
  decision: ConfidentDecision;
  confidence: SortConfidence;
}> => {
  const answers = await answersIn(deps, layer, scope);
  // A song taken out of a sublist by hand goes where the model expects it given that answer.
  const removals = removalAnswers(
    new Set((await deps.labels.listFor(layer.id)).map((l) => l.trackId)),
    await deps.handEdits.listFor(layer.id),
  );
  const guessed = predictions
    .filter((p) => !answers.has(p.trackId))
    .map((p) => {
      const removedFrom = removals.get(p.trackId);
      return removedFrom ? givenRemovals(p, removedFrom, layer.mode) : p;
    });
  const decision = everything
    ? placeEverything(guessed, layer.mode)
    : placeConfident(guessed, layer.mode, layer.precisionTarget);
  const desired = new Map([...decision.desired, ...answers]);
  return {
    desired,
    decision,
    confidence: {
      considered: guessed.length + answers.size,
      answered: answers.size,
      placed: decision.desired.size,
      waiting: decision.waiting.length,
      expectedPrecision: decision.expectedPrecision,
      precisionTarget: layer.precisionTarget,
      everything,
    },
  };
};

/** The user's own answers for the tracks in scope: they replace the model's guesses. */
const answersIn = async (
  deps: Pick<SortRunDeps, 'labels'>,
  layer: Layer,
  scope: ReadonlySet<string>,
): Promise<Map<string, DesiredPlacement>> => {
  const answers = new Map<string, DesiredPlacement>();
  for (const label of await deps.labels.listFor(layer.id)) {
    if (!scope.has(label.trackId) || placementProblem(layer.mode, label.sublistIds)) continue;
    answers.set(label.trackId, { placement: [...label.sublistIds], confidence: 1, source: 'label' });
  }
  return answers;
};
