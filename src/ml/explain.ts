import type { Placement } from '../core/layer.js';
import type { LayerDataset } from './dataset.js';
import { decodePlacement } from './decode.js';
import {
  type FeatureBlockName,
  albumKey,
  artistKey,
  featureLayout,
  featureRowInto,
  feeds,
  nameTokens,
  releaseYear,
} from './features.js';
import type { LayerModel } from './layer-model.js';
import { buildInputs, inputColumns } from './network-inputs.js';
import { probabilitiesOfInputs } from './regression-blend.js';
import { DEGREE_KINDS } from './library-degree.js';
import { ENTITY_KINDS, type EntityKind, contextSize, entityKind } from './neighbourhood.js';
import { hashString } from './random.js';
import { type LayerOutputs, voidOutput } from './targets.js';

export interface SimilarLabeledTrack {
  trackId: string;
  /** The label's sublists; empty for a song answered only by a removal (see `removedFrom`). */
  placement: Placement;
  /** A song the user took out of these sublists by hand, with no label: the answer "not there". */
  removedFrom?: string[];
  /** 0..1: feature similarity and shared artists, album, playlists. */
  similarity: number;
}

export interface FeatureInfluence {
  /** Human words, e.g. `artist Ed Sheeran`, `word "remix"`, `labeled tracks by the same artist`. */
  feature: string;
  /** How much the predicted placement's score drops without this feature (negative: it argued against). */
  influence: number;
}

export interface Explanation {
  trackId: string;
  placement: Placement;
  similarLabeled: SimilarLabeledTrack[];
  strongestFeatures: FeatureInfluence[];
}

export interface ExplainInput {
  model: LayerModel;
  dataset: LayerDataset;
  trackId: string;
  labels: ReadonlyMap<string, Placement>;
  /** The songs taken out of sublists by hand with no label: answers too, so neighbours too. */
  removals?: ReadonlyMap<string, readonly string[]>;
  /** The placement to explain (e.g. the smoothed one the bot shows); default: the network's own. */
  placement?: Placement;
  neighbours?: number;
  features?: number;
}

interface Atom {
  feature: string;
  /** Indices into the network input to zero. */
  inputs: number[];
}

const CONTEXT_WORDS: Record<EntityKind, string> = {
  artist: 'labeled tracks by the same artist',
  album: 'labeled tracks from the same album',
  playlist: 'labeled tracks in the same playlists',
  tag: 'labeled tracks with the same tags',
};

const DEGREE_WORDS: Record<(typeof DEGREE_KINDS)[number], string> = {
  artist: 'how many of your tracks share its artist',
  album: 'how many of your tracks are from its album',
  tag: 'how many of your tracks share its tags',
};

/** The explainable pieces of one track's input, each as the input indices it occupies. */
const atomsOf = (model: LayerModel, dataset: LayerDataset, row: number): Atom[] => {
  const spec = model.featureSpec;
  const item = dataset.items[row];
  if (!item) return [];
  const layout = featureLayout(spec.tracks);
  const columns = inputColumns(spec.tracks, spec.blocks);
  const inputIndex = (trackIndex: number): number | undefined => {
    let offset = 0;
    for (const [start, length] of columns) {
      if (trackIndex >= start && trackIndex < start + length) return offset + trackIndex - start;
      offset += length;
    }
    return undefined;
  };
  const blockOf = (name: FeatureBlockName) => layout.blocks.find((b) => b.name === name);
  const atoms: Atom[] = [];
  const hashedAtom = (name: FeatureBlockName, key: string, feature: string): void => {
    const block = blockOf(name);
    if (!block) return;
    const buckets = name === 'tag' ? block.size - 1 : block.size;
    const index = inputIndex(block.offset + (hashString(`${name}:${key}`) % buckets));
    if (index !== undefined) atoms.push({ feature, inputs: [index] });
  };
  const blockAtom = (name: FeatureBlockName, feature: string): void => {
    const block = blockOf(name);
    if (!block) return;
    const inputs = Array.from({ length: block.size }, (_, i) => inputIndex(block.offset + i)).filter(
      (i): i is number => i !== undefined,
    );
    if (inputs.length > 0) atoms.push({ feature, inputs });
  };
  const { track } = item;
  for (const artist of track.artists) hashedAtom('artist', artistKey(artist), `artist ${artist.name}`);
  const album = albumKey(track);
  if (album !== undefined) hashedAtom('album', album, `album ${track.album.name ?? album}`);
  for (const token of nameTokens(track)) hashedAtom('token', token, `word "${token}"`);
  for (const playlist of item.otherPlaylists ?? [])
    hashedAtom('playlist', playlist, `in playlist ${playlist}`);
  const year = releaseYear(track);
  blockAtom('year', year === undefined ? 'unknown release year' : `released ${year}`);
  blockAtom('duration', 'duration');
  blockAtom('explicit', track.explicit ? 'explicit' : 'explicitness');
  if (item.addedAt) blockAtom('added', 'when it was liked');
  if (track.audioFeatures && feeds(spec.tracks, 'audio')) blockAtom('audio', 'audio features');
  if (feeds(spec.tracks, 'tags'))
    for (const tag of track.tags ?? []) hashedAtom('tag', tag.toLowerCase(), `tag ${tag}`);
  const trackInputs = columns.reduce((sum, [, length]) => sum + length, 0);
  if (spec.neighbourhood) {
    const width = spec.neighbourhood.outputs + 1;
    ENTITY_KINDS.forEach((kind, k) => {
      const start = trackInputs + k * width;
      atoms.push({
        feature: CONTEXT_WORDS[kind],
        inputs: Array.from({ length: width }, (_, i) => start + i),
      });
    });
  }
  if (spec.degree) {
    const start = trackInputs + (spec.neighbourhood ? contextSize(spec.neighbourhood.outputs) : 0);
    const kinds = new Set((dataset.entities[row] ?? []).map(entityKind));
    DEGREE_KINDS.forEach((kind, k) => {
      if (kinds.has(kind)) atoms.push({ feature: DEGREE_WORDS[kind], inputs: [start + k] });
    });
  }
  return atoms;
};

const cosine = (a: Float32Array, b: Float32Array): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
};

/** Score of a placement under output probabilities: how strongly the model argues for it. */
const placementScore = (
  outputs: LayerOutputs,
  probabilities: ArrayLike<number>,
  placement: Placement,
): number => {
  const indices = placement.map((id) => outputs.sublistIds.indexOf(id));
  if (indices.length === 0) {
    const voidIndex = voidOutput(outputs);
    if (voidIndex !== undefined) return probabilities[voidIndex] ?? 0;
    let max = 0;
    for (let o = 0; o < outputs.sublistIds.length; o++) max = Math.max(max, probabilities[o] ?? 0);
    return 1 - max;
  }
  return indices.reduce((sum, o) => sum + (probabilities[o] ?? 0), 0) / indices.length;
};

/**
 * The labels the explanation compares with: the caller's, and the answers the model was trained
 * on (its smoothing anchors), so that a caller passing none still gets neighbours.
 */
const knownLabels = (
  model: LayerModel,
  labels: ReadonlyMap<string, Placement>,
): ReadonlyMap<string, Placement> => {
  const { anchors, sublistIds } = model.featureSpec;
  if (!anchors) return labels;
  const known = new Map(labels);
  for (const [trackId, target] of Object.entries(anchors))
    if (!known.has(trackId))
      known.set(
        trackId,
        sublistIds.filter((_, o) => (target[o] ?? 0) > 0),
      );
  return known;
};

/**
 * The signal left when no feature moves the model (a network that learned only its bias): how
 * common the placement is among the labels, which is what such a network outputs.
 */
const priorSignal = (
  sublistIds: readonly string[],
  labels: ReadonlyMap<string, Placement>,
  placement: Placement,
): FeatureInfluence => {
  const answers = [...labels.values()];
  const matching =
    placement.length === 0
      ? answers.filter((a) => a.length === 0).length
      : answers.filter((a) => placement.some((id) => a.includes(id) && sublistIds.includes(id))).length;
  return {
    feature:
      placement.length === 0
        ? `how many of your labeled tracks belong nowhere (${matching} of ${answers.length})`
        : `how common this placement is among your labels (${matching} of ${answers.length})`,
    influence: answers.length > 0 ? matching / answers.length : 0,
  };
};

/**
 * Why a track is placed where it is: the labeled tracks that most resemble it, and the features
 * whose removal most lowers the model's support for its placement (occlusion). Neither list is
 * empty for a trained model: neighbours come from the caller's labels and the model's own
 * training answers, and when no feature moves the network the prior of the placement is named.
 */
export const explainPrediction = (input: ExplainInput): Explanation => {
  const { model, dataset, trackId } = input;
  const labels = knownLabels(model, input.labels);
  const row = dataset.rowOf.get(trackId);
  if (row === undefined) throw new Error(`track ${trackId} is not in the dataset`);
  const outputs: LayerOutputs = { mode: model.featureSpec.mode, sublistIds: model.featureSpec.sublistIds };
  const base = buildInputs(model.featureSpec, dataset, [row]);
  const atoms = atomsOf(model, dataset, row);
  const batch = new Float32Array(base.length * (atoms.length + 1));
  batch.set(base, 0);
  atoms.forEach((atom, i) => {
    const copy = batch.subarray((i + 1) * base.length, (i + 2) * base.length);
    copy.set(base);
    for (const index of atom.inputs) copy[index] = 0;
  });
  const outputCount = model.network.layerSizes[model.network.layerSizes.length - 1] as number;
  const probabilities = probabilitiesOfInputs(model, batch, atoms.length + 1);
  const baseProbabilities = probabilities.subarray(0, outputCount);
  const placement = input.placement ?? decodePlacement(outputs, baseProbabilities, model.thresholds);
  const baseScore = placementScore(outputs, baseProbabilities, placement);
  const influential = atoms
    .map((atom, i) => ({
      feature: atom.feature,
      influence:
        baseScore -
        placementScore(
          outputs,
          probabilities.subarray((i + 1) * outputCount, (i + 2) * outputCount),
          placement,
        ),
    }))
    .filter((f) => f.influence !== 0)
    .sort((a, b) => Math.abs(b.influence) - Math.abs(a.influence))
    .slice(0, input.features ?? 5);
  const strongestFeatures =
    influential.length > 0 ? influential : [priorSignal(outputs.sublistIds, labels, placement)];

  const own = new Float32Array(dataset.features.dimension);
  featureRowInto(dataset.features, row, own);
  const theirs = new Float32Array(dataset.features.dimension);
  const ownEntities = new Set(dataset.entities[row] ?? []);
  const similarLabeled: SimilarLabeledTrack[] = [];
  const answered = (answeredId: string, answer: Omit<SimilarLabeledTrack, 'trackId' | 'similarity'>) => {
    const other = dataset.rowOf.get(answeredId);
    if (other === undefined || other === row) return;
    const entities = dataset.entities[other] ?? [];
    const shared = entities.filter((e) => ownEntities.has(e)).length;
    const union = ownEntities.size + entities.length - shared;
    featureRowInto(dataset.features, other, theirs);
    const similarity = 0.5 * cosine(own, theirs) + 0.5 * (union > 0 ? shared / union : 0);
    similarLabeled.push({ trackId: answeredId, ...answer, similarity });
  };
  for (const [labeledId, labeledPlacement] of labels) answered(labeledId, { placement: labeledPlacement });
  for (const [removedId, removedFrom] of input.removals ?? [])
    if (!labels.has(removedId)) answered(removedId, { placement: [], removedFrom: [...removedFrom] });
  similarLabeled.sort((a, b) => b.similarity - a.similarity);
  return {
    trackId,
    placement,
    similarLabeled: similarLabeled.slice(0, input.neighbours ?? 3),
    strongestFeatures,
  };
};
