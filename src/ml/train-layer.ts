import { type CrossValidation, crossValidatePrepared } from './cross-validation.js';
import { lowerThresholdsToExpectedCounts, priorThresholds } from './decode.js';
import { type LayerModel, MODEL_VERSION, type ModelMetrics } from './layer-model.js';
import { type Fit, fit } from './network-fit.js';
import { averageNetworks } from './network.js';
import { predictLayer } from './predict-layer.js';
import { fitLogisticWeights, logisticRows } from './regression-blend.js';
import { outputCount } from './targets.js';
import { type TrainLayerInput, prepare } from './training-examples.js';

/** Trains a layer's model from its labels; cross-validates for thresholds and metrics when asked. */
export const trainLayerModel = async (input: TrainLayerInput): Promise<LayerModel> => {
  const started = performance.now();
  const prepared = prepare(input);
  const validation: CrossValidation = prepared.options.calibrate
    ? await crossValidatePrepared(input, prepared)
    : { thresholds: new Array<number>(prepared.outputs.sublistIds.length).fill(0.5), smoothing: 0 };
  const single = await fit(
    prepared.base,
    input.dataset,
    prepared.examples,
    prepared.options,
    input.seed,
    prepared.removals,
  );
  // The fold models, trained for calibration anyway, join the final one in a logit-averaged ensemble.
  const final: Fit =
    prepared.options.ensemble && validation.foldNetworks
      ? { spec: single.spec, network: averageNetworks([single.network, ...validation.foldNetworks]) }
      : single;
  final.spec.network = { layerSizes: final.network.layerSizes, output: final.network.output };
  const { blend } = validation;
  const logistic = blend
    ? fitLogisticWeights(
        logisticRows(input.dataset, prepared.base.blocks),
        prepared.examples,
        prepared.removals,
        outputCount(prepared.outputs),
        blend.l2,
      )
    : undefined;
  if (blend) final.spec.blend = blend;
  if (validation.calibration) final.spec.calibration = validation.calibration;
  if (validation.trivial) final.spec.trivial = validation.trivial;
  if (validation.smoothing > 0) {
    final.spec.smoothing = validation.smoothing;
    final.spec.anchors = Object.fromEntries(
      prepared.examples.map((e) => [input.dataset.items[e.row]?.track.id ?? '', Array.from(e.label.target)]),
    );
  }
  let thresholds = validation.thresholds;
  // Without cross-validation (under 8 labels) a non-mutual layer's thresholds come from the labels'
  // shares; with it, an incomplete layer's are checked against the unlabeled tracks.
  const crossValidated = validation.quality !== undefined;
  if (prepared.options.calibrate && !input.mode.mutual && (!crossValidated || !input.mode.complete)) {
    const labeledRows = new Set(prepared.examples.map((e) => e.row));
    const unlabeled = input.dataset.items.map((_, row) => row).filter((row) => !labeledRows.has(row));
    const predictions = predictLayer(
      {
        version: MODEL_VERSION,
        featureSpec: final.spec,
        network: final.network,
        ...(logistic ? { logistic } : {}),
        thresholds,
        metrics: { labels: 0, trainMs: 0 },
      },
      input.dataset,
      unlabeled,
    );
    const probabilities = predictions.map((p) => p.probabilities);
    if (!crossValidated)
      thresholds = priorThresholds(
        prepared.outputs,
        probabilities,
        prepared.examples.map((e) => e.label.target),
      );
    else {
      const expected = prepared.outputs.sublistIds.map((_, o) =>
        predictions.reduce((sum, p) => sum + (p.memberships[o] ?? 0), 0),
      );
      thresholds = lowerThresholdsToExpectedCounts(prepared.outputs, probabilities, thresholds, expected);
    }
  }
  const metrics: ModelMetrics = {
    labels: prepared.examples.length,
    trainMs: Math.round(performance.now() - started),
  };
  if (validation.quality) metrics.crossValidated = validation.quality;
  return {
    version: MODEL_VERSION,
    featureSpec: final.spec,
    network: final.network,
    ...(logistic ? { logistic } : {}),
    thresholds,
    metrics,
  };
};
