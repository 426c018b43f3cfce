import { removalAnswers } from '../../core/hand-edits.js';
import { placementProblem, type Placement } from '../../core/layer.js';
import type { Label, Layer, Sublist } from '../../core/layer-records.js';
import type {
  EnrichmentKind,
  ModelFeatures,
  NewModel,
  StalledEnrichment,
  StoredModel,
} from '../../core/model-records.js';
import { isShortShareLink } from '../../core/share-link.js';
import { songName, trackIdFromUri, type Track } from '../../core/track.js';
import { enrichmentCounts, fedEnrichment, feeds, type LibraryTrack } from '../../ml/features.js';
import type { ModelMetrics, ModelOptions } from '../../ml/layer-model.js';
import type { LayerAnswers } from '../../ml/model-tasks.js';
import type { SerializedLayerModel } from '../../ml/serialize.js';
import { UserError } from '../errors.js';
import { timed, type Metrics } from '../ports/metrics.js';
import { weakModelWarning } from './model-strength.js';
import { trainQuality } from './sublist-quality.js';
import type {
  Explanation,
  LayerExplainer,
  LayerTrainer,
  TrainOutcome,
  TrainProgress,
  WeakModelWarning,
} from '../ports/model-ports.js';
import type { ModelWork } from '../ports/model-work.ports.js';
import type { HandEditStore } from '../ports/sort-run.ports.js';
import type { WaitingStore } from '../ports/layer.ports.js';
import type { LayerPredictions, PlacementPrediction } from './layer-predictions.js';
import { withoutRemovedSublists } from '../sorting/removal-conditioning.js';

export interface ModelStore {
  insert(model: NewModel): Promise<StoredModel>;
  activate(modelId: string): Promise<void>;
  active(layerId: string): Promise<StoredModel | undefined>;
  activeId(layerId: string): Promise<string | undefined>;
}

export interface LayerModelDeps {
  /** Whether the layer still exists when its model is stored (/unlink or /layer delete meanwhile). */
  layers: { byId(id: string): Promise<Layer | undefined> };
  sublists: { listFor(layerId: string): Promise<Sublist[]> };
  labels: { listFor(layerId: string): Promise<Label[]> };
  /** Songs taken out of a sublist by hand are answers too ("not there"). */
  handEdits: Pick<HandEditStore, 'listFor'>;
  /** The songs the layer's sorts left waiting: /why says a song waits rather than where it went. */
  waiting: Pick<WaitingStore, 'byTrack'>;
  library: {
    tracksOf(
      userId: string,
      sourceId: string,
      options: { extraTrackIds?: readonly string[]; hiddenPlaylistIds?: readonly string[] },
    ): Promise<LibraryTrack[]>;
    /** /why names the playlists a song is in by the names the user gave them. */
    playlistNamesOf(userId: string, playlistIds: readonly string[]): Promise<Map<string, string>>;
  };
  models: ModelStore;
  /** The pool of threads that trains, predicts and explains. */
  work: ModelWork;
  /** Times each training. */
  metrics?: Pick<Metrics, 'trainingFinished'>;
  /** Training options (tests use fewer epochs); seeded by `seed` for reproducible models. */
  trainOptions?: Partial<ModelOptions>;
  seed?: number;
  /** Use enrichment blocks (audio features, tags) when the tracks have them. */
  enrichment?: boolean;
  /** The kinds of enrichment still arriving for a user's library (absent: none is awaited). */
  enrichmentProgress?: EnrichmentProgress;
}

export interface EnrichmentProgress {
  /**
   * Kinds whose providers have not yet looked up every song of the user's library: still arriving,
   * or stalled while every provider still to answer for the kind is failing.
   */
  arriving(userId: string): Promise<EnrichmentArrival>;
}

export interface EnrichmentArrival {
  arriving: EnrichmentKind[];
  stalled: StalledEnrichment[];
}

/** What training did: the new model, and whether it replaced the active one. */
export interface TrainResult extends TrainOutcome {
  modelId: string;
  activated: boolean;
  /** Cross-validated micro-F1 of the model that stayed or became active before this training. */
  previousQuality: number | undefined;
}

/** The format of our stored feature spec: the model's spec plus the serialisation version. */
interface StoredSpec {
  format: string;
  spec: SerializedLayerModel['featureSpec'];
}

/** What a layer's answers are to its models (LayerModelService.answers). */
export interface LayerAnswerSet {
  /** What a model learns from, as the train task takes it; undefined while too few to train on. */
  training: LayerAnswers | undefined;
  /** trackId -> the sublists the user took it out of by hand (tracks with no label). */
  removals: Map<string, string[]>;
}

/** Fewer labels than this cannot make a model worth sorting with. */
export const MIN_LABELS_TO_TRAIN = 4;

const toStored = (
  layerId: string,
  model: SerializedLayerModel,
  backend: string,
  features: ModelFeatures,
): NewModel => {
  const featureSpec: StoredSpec = { format: model.version, spec: model.featureSpec };
  return {
    layerId,
    featureSpec,
    weights: model.weights,
    thresholds: model.thresholds,
    metrics: model.metrics,
    labelCount: model.metrics.labels,
    backend,
    features,
  };
};

const ENRICHMENT_KINDS: readonly EnrichmentKind[] = ['audio', 'tags'];

/** The stored model as plain data for a pool thread (it checks the format when it loads it). */
const fromStored = (stored: StoredModel): SerializedLayerModel => {
  const spec = stored.featureSpec as StoredSpec;
  return {
    featureSpec: spec.spec,
    weights: stored.weights,
    thresholds: stored.thresholds as number[],
    metrics: stored.metrics as ModelMetrics,
    version: spec.format,
  };
};

const weakModel = (
  layer: Layer,
  sublists: readonly Sublist[],
  labels: ReadonlyMap<string, Placement>,
  model: SerializedLayerModel,
): WeakModelWarning | undefined =>
  weakModelWarning({
    mode: layer.mode,
    sublists,
    labels,
    quality: model.metrics.crossValidated?.macroF1,
    trivial: model.featureSpec.trivial !== undefined,
  });

const microF1 = (metrics: unknown): number | undefined =>
  (metrics as ModelMetrics | undefined)?.crossValidated?.microF1;

const sameSublists = (model: SerializedLayerModel, sublists: readonly Sublist[]): boolean =>
  model.featureSpec.sublistIds.length === sublists.length &&
  model.featureSpec.sublistIds.every((id, i) => sublists[i]?.id === id);

/**
 * Trains, stores, predicts with and explains the model of a layer.
 *
 * - `train` trains from the layer's labels and tracks; the new model becomes active only when
 *   its cross-validated micro-F1 is not worse than the active model's (or the sublists changed).
 * - `predictions` places tracks of the motherlist (all, or the given ids) with the active model.
 * - `explain` says why a track goes where it goes: the labeled tracks it resembles and the
 *   features whose removal most lowers the model's support for the placement (ml/explain.ts).
 */
export class LayerModelService implements LayerTrainer, LayerExplainer {
  constructor(private readonly deps: LayerModelDeps) {}

  train(
    userId: string,
    layer: Layer,
    onProgress: (progress: TrainProgress) => void = () => {},
  ): Promise<TrainResult> {
    const record = this.deps.metrics?.trainingFinished.bind(this.deps.metrics);
    return timed(record, () => this.trainAndKeepTheBetter(userId, layer, onProgress));
  }

  private async trainAndKeepTheBetter(
    userId: string,
    layer: Layer,
    onProgress: (progress: TrainProgress) => void,
  ): Promise<TrainResult> {
    onProgress({ fraction: 0.05, stage: 'reading labels and library' });
    const usable = await this.trainingLabels(layer);
    const { sublists, labels, removals } = usable;
    const items = await this.deps.library.tracksOf(userId, layer.motherlistId, {
      extraTrackIds: [...labels.keys(), ...removals.keys()],
      hiddenPlaylistIds: sublists.map((s) => s.playlistId),
    });
    const enrichment = this.deps.enrichment ?? false;
    const arrival = enrichment ? await this.deps.enrichmentProgress?.arriving(userId) : undefined;
    const seen = { ...enrichmentCounts(items), ...(arrival ?? { arriving: [], stalled: [] }) };
    onProgress({ fraction: 0.2, stage: 'training', features: seen });
    const model = await this.deps.work.run(userId, {
      kind: 'train',
      items,
      ...this.learnedFrom(layer, usable),
      ...(this.deps.trainOptions ? { options: this.deps.trainOptions } : {}),
    });
    onProgress({ fraction: 0.9, stage: 'saving', features: seen });
    // A training takes long: the layer may have been deleted meanwhile, and its model with it.
    if (!(await this.deps.layers.byId(layer.id)))
      throw new UserError({ code: 'unknown-layer', layerName: null });
    const features: ModelFeatures = {
      ...seen,
      uses: ENRICHMENT_KINDS.filter((kind) => feeds(model.featureSpec.tracks, kind)),
    };
    const stored = await this.deps.models.insert(
      toStored(layer.id, model, this.deps.work.backend(), features),
    );
    const current = await this.deps.models.active(layer.id);
    const previousQuality = current ? microF1(current.metrics) : undefined;
    const newQuality = model.metrics.crossValidated?.microF1;
    const activated =
      !current ||
      !sameSublists(fromStored(current), sublists) ||
      previousQuality === undefined ||
      (newQuality !== undefined && newQuality >= previousQuality);
    if (activated) await this.deps.models.activate(stored.id);
    onProgress({ fraction: 1, stage: activated ? 'done' : 'kept the previous model', features: seen });
    return {
      modelId: stored.id,
      version: stored.version,
      labelCount: model.metrics.labels,
      quality: model.metrics.crossValidated?.macroF1,
      ...trainQuality(layer.mode, sublists, model.featureSpec.sublistIds, model.metrics),
      activated,
      previousQuality,
      weak: weakModel(layer, sublists, labels, model),
      features,
    };
  }

  /**
   * Whether the layer's active model is below the quality floor, with how many more answers would
   * help now (its answers may have grown since it was trained): `/sort` warns with it.
   */
  async weakness(layer: Layer): Promise<WeakModelWarning | undefined> {
    const active = await this.deps.models.active(layer.id);
    if (!active) return undefined;
    const { sublists, labels } = await this.usableLabels(layer);
    return weakModel(layer, sublists, labels, fromStored(active));
  }

  /**
   * The layer's answers as the train task learns from them (undefined while too few to train on),
   * and its hand removals: the label session's picks learn from the same between rounds.
   */
  async answers(layer: Layer): Promise<LayerAnswerSet> {
    const usable = await this.usableLabels(layer);
    const trainable = usable.sublists.length > 0 && usable.labels.size >= MIN_LABELS_TO_TRAIN;
    return {
      training: trainable ? this.learnedFrom(layer, usable) : undefined,
      removals: usable.removals,
    };
  }

  private learnedFrom(layer: Layer, usable: UsableAnswers): LayerAnswers {
    return {
      enrichment: this.deps.enrichment ?? false,
      mode: layer.mode,
      sublistIds: usable.sublists.map((s) => s.id),
      labels: [...usable.labels],
      removals: [...usable.removals],
      randomlyDrawn: usable.randomlyDrawn,
      seed: this.deps.seed ?? 1,
    };
  }

  /** The refusals `train` would give (no sublists, too few usable labels), without training. */
  async checkTrainable(layer: Layer): Promise<void> {
    await this.trainingLabels(layer);
  }

  private async trainingLabels(layer: Layer): Promise<UsableAnswers> {
    const usable = await this.usableLabels(layer);
    if (usable.sublists.length === 0)
      throw new UserError({ code: 'no-sublists', layerName: layer.name, needed: 1, work: 'train' });
    if (usable.labels.size < MIN_LABELS_TO_TRAIN)
      throw new UserError({
        code: 'no-labels',
        layerName: layer.name,
        needed: MIN_LABELS_TO_TRAIN,
        work: 'train',
      });
    return usable;
  }

  /**
   * The layer's answers that fit its sublists and mode (a model learns from these): labels, and
   * the songs taken out of a sublist by hand that have no label.
   */
  private async usableLabels(layer: Layer): Promise<UsableAnswers> {
    const sublists = await this.deps.sublists.listFor(layer.id);
    const known = new Set(sublists.map((s) => s.id));
    const labels = new Map<string, Placement>();
    const randomlyDrawn: string[] = [];
    const stored = await this.deps.labels.listFor(layer.id);
    for (const label of stored) {
      const placement = label.sublistIds.filter((id) => known.has(id));
      if (placementProblem(layer.mode, placement)) continue;
      labels.set(label.trackId, placement);
      if (label.drawnAtRandom) randomlyDrawn.push(label.trackId);
    }
    const removals = removalAnswers(
      new Set(stored.map((l) => l.trackId)),
      (await this.deps.handEdits.listFor(layer.id)).filter((e) => known.has(e.sublistId)),
    );
    return { sublists, labels, removals, randomlyDrawn };
  }

  /** The active model of a layer as plain data; undefined when the layer has none. */
  async activeModel(
    layerId: string,
  ): Promise<{ id: string; version: number; model: SerializedLayerModel } | undefined> {
    const stored = await this.deps.models.active(layerId);
    return stored ? { id: stored.id, version: stored.version, model: fromStored(stored) } : undefined;
  }

  /** The id of the layer's active model (cheap: nothing is loaded). */
  activeModelId(layerId: string): Promise<string | undefined> {
    return this.deps.models.activeId(layerId);
  }

  /** Places tracks of the layer's motherlist (every one, or `trackIds`) with the active model. */
  async predictions(userId: string, layer: Layer, trackIds?: readonly string[]): Promise<LayerPredictions> {
    const active = await this.activeModel(layer.id);
    if (!active) throw new UserError({ code: 'no-model', layerName: layer.name });
    const sublists = await this.deps.sublists.listFor(layer.id);
    const items = await this.deps.library.tracksOf(userId, layer.motherlistId, {
      extraTrackIds: trackIds ?? [],
      hiddenPlaylistIds: sublists.map((s) => s.playlistId),
    });
    const live = new Set(sublists.map((s) => s.id));
    const predicted = await this.deps.work.run(userId, {
      kind: 'predict',
      model: active.model,
      items,
      ...(trackIds ? { trackIds } : {}),
    });
    const predictions = predicted.map((p) => withoutRemovedSublists(p, live, layer.mode));
    // Only enrichment the model is fed counts: a kind it never learned from changes nothing.
    const enriched = fedEnrichment(items, active.model.featureSpec.tracks);
    return { modelId: active.id, modelVersion: active.version, predictions, enriched };
  }

  async explain(userId: string, layer: Layer, trackQuery: string): Promise<Explanation> {
    const active = await this.activeModel(layer.id);
    if (!active) throw new UserError({ code: 'no-model', layerName: layer.name });
    const sublists = await this.deps.sublists.listFor(layer.id);
    const labels = await this.deps.labels.listFor(layer.id);
    const removals = removalAnswers(
      new Set(labels.map((l) => l.trackId)),
      await this.deps.handEdits.listFor(layer.id),
    );
    const items = await this.deps.library.tracksOf(userId, layer.motherlistId, {
      extraTrackIds: [...labels.map((l) => l.trackId), ...removals.keys()],
      hiddenPlaylistIds: sublists.map((s) => s.playlistId),
    });
    const item = findTrack(items, trackQuery);
    if (!item) {
      throw new UserError({
        code: 'invalid-input',
        rule: 'no-track-match',
        query: trackQuery,
        layerName: layer.name,
      });
    }
    const nameOf = new Map(sublists.map((s) => [s.id, s.name]));
    const names = (placement: Placement) => placement.map((id) => nameOf.get(id) ?? '?');
    // A model trained with a sublist removed since explains where a sort places the song now.
    const placedNow = active.model.featureSpec.sublistIds.some((id) => !nameOf.has(id))
      ? await this.placedNow(userId, layer, active.model, items, item.track.id, new Set(nameOf.keys()))
      : undefined;
    const explained = await this.deps.work.run(userId, {
      kind: 'explain',
      model: active.model,
      items,
      labels: labels.map((label) => [label.trackId, label.sublistIds] as const),
      removals: [...removals].map(
        ([trackId, sublistIds]) => [trackId, sublistIds.filter((id) => nameOf.has(id))] as const,
      ),
      trackId: item.track.id,
      ...(placedNow ? { placement: placedNow.placement } : {}),
    });
    const byId = new Map(items.map((i) => [i.track.id, i.track]));
    // The user's answer wins: a sublist they took the song out of is never where it belongs.
    const removedFrom = removals.get(item.track.id)?.filter((id) => nameOf.has(id)) ?? [];
    const placement = explained.placement.filter((id) => !removedFrom.includes(id));
    const answer = labels.find((label) => label.trackId === item.track.id);
    const waiting = (await this.deps.waiting.byTrack(layer.id, item.track.id)) !== undefined;
    return {
      trackId: item.track.id,
      trackName: trackName(item.track),
      sublistNames: names(placement),
      confidence: placedNow?.confidence ?? explained.confidence,
      // As the model thread decides it (ml/predict-layer.ts predictLayer): no calibration, no probability.
      calibrated: active.model.featureSpec.calibration !== undefined,
      precisionTarget: layer.precisionTarget,
      waiting: waiting && !answer,
      ...(layer.mode.mutual
        ? {}
        : {
            sublistConfidences: placement.map((id) => ({
              sublistName: nameOf.get(id) ?? '?',
              confidence: explained.memberships[id] ?? 0,
            })),
          }),
      ...(answer ? { answeredNames: names(answer.sublistIds) } : {}),
      ...(removedFrom.length > 0
        ? {
            removedByHand: {
              sublistNames: names(removedFrom),
              stillGuessed: names(explained.placement.filter((id) => removedFrom.includes(id))),
            },
          }
        : {}),
      // The model's own training answers may name a removed sublist: such a neighbour says nothing now.
      neighbours: explained.similarLabeled
        .filter((n) => n.placement.every((id) => nameOf.has(id)))
        .map((n) => ({
          trackName: trackName(byId.get(n.trackId)),
          sublistNames: names(n.placement),
          similarity: n.similarity,
          ...(n.removedFrom ? { removedFromNames: names(n.removedFrom) } : {}),
        })),
      features: await this.namedFeatures(userId, item.otherPlaylists ?? [], explained.strongestFeatures),
    };
  }

  /**
   * The model thread names a playlist feature by the playlist's id (ml/explain.ts: `in playlist
   * <id>`), which says nothing to the user: their name for it instead.
   */
  private async namedFeatures(
    userId: string,
    playlistIds: readonly string[],
    features: readonly { feature: string; influence: number }[],
  ): Promise<Explanation['features']> {
    const names = await this.deps.library.playlistNamesOf(userId, playlistIds);
    const byFeature = new Map(
      playlistIds.map((id) => {
        const name = names.get(id);
        return [`in playlist ${id}`, name ? `in your playlist “${name}”` : 'in another of your playlists'];
      }),
    );
    return features.map((f) => ({ name: byFeature.get(f.feature) ?? f.feature, weight: f.influence }));
  }

  /** The active model's prediction for one song, given the sublists removed since it was trained. */
  private async placedNow(
    userId: string,
    layer: Layer,
    model: SerializedLayerModel,
    items: readonly LibraryTrack[],
    trackId: string,
    live: ReadonlySet<string>,
  ): Promise<PlacementPrediction | undefined> {
    const [predicted] = await this.deps.work.run(userId, {
      kind: 'predict',
      model,
      items,
      trackIds: [trackId],
    });
    return predicted ? withoutRemovedSublists(predicted, live, layer.mode) : undefined;
  }
}

interface UsableAnswers {
  sublists: Sublist[];
  labels: Map<string, Placement>;
  /** trackId -> the sublists the user took it out of by hand (tracks with no label). */
  removals: Map<string, string[]>;
  /** The labels' tracks drawn at random in a label session: the trivial guard's sample of the library. */
  randomlyDrawn: string[];
}

const trackName = (track: Track | undefined): string => (track ? songName(track) : '?');

const findTrack = (items: readonly LibraryTrack[], query: string): LibraryTrack | undefined => {
  const trimmed = query.trim();
  if (isShortShareLink(trimmed))
    throw new UserError({ code: 'invalid-input', rule: 'short-link', kind: 'track' });
  const id =
    trackIdFromUri(trimmed) ??
    /open\.spotify\.com\/(?:intl-[a-z-]+\/)?track\/([A-Za-z0-9]{22})/.exec(trimmed)?.[1] ??
    (/^[A-Za-z0-9]{22}$/.test(trimmed) ? trimmed : undefined);
  if (id) return items.find((i) => i.track.id === id);
  const text = searchable(trimmed);
  return (
    items.find((i) => searchable(trackName(i.track)) === text) ??
    items.find((i) => searchable(trackName(i.track)).includes(text)) ??
    items.find((i) => searchable(i.track.name).includes(text))
  );
};

/**
 * A name as a query compares it: people type “Artist - Title” with a hyphen and straight quotes
 * where the bot writes an en dash and Spotify often has curly ones.
 */
const searchable = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
