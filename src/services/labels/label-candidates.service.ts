import type { Layer, Sublist } from '../../core/layer-records.js';
import type { LibraryTrack } from '../../ml/features.js';
import { createRandom, hashString, shuffled } from '../../ml/random.js';
import type { SerializedLayerModel } from '../../ml/serialize.js';
import type {
  LabelCandidatePicker,
  LabelCandidateRequest,
  LabelCandidates,
  LayerGuesser,
  TrackGuess,
} from '../ports/label-session.ports.js';
import type { WaitingStore } from '../ports/layer.ports.js';
import type { LayerAnswerSet } from '../model/layer-model.service.js';
import { LayerPredictionCache, type LayerPredictionCacheDeps } from '../model/layer-prediction-cache.js';
import type { ModelWork } from '../ports/model-work.ports.js';
import { givenRemovals, withoutRemovedSublists } from '../sorting/removal-conditioning.js';

export interface LabelCandidateDeps {
  library: LayerPredictionCacheDeps['motherlist'] & {
    tracksOf(
      userId: string,
      sourceId: string,
      options: { hiddenPlaylistIds?: readonly string[] },
    ): Promise<LibraryTrack[]>;
  };
  models: LayerPredictionCacheDeps['models'] & {
    activeModel(layerId: string): Promise<{ model: SerializedLayerModel } | undefined>;
    /** The layer's answers as training takes them (LayerModelService.answers). */
    answers(layer: Layer): Promise<LayerAnswerSet>;
  };
  work: ModelWork;
  /** The layer's waiting songs (the waiting-track repository): asked about first. */
  waiting: Pick<WaitingStore, 'listFor'>;
}

/**
 * Share of each round drawn uniformly at random: the active learner's RANDOM_SHARE (src/ml, which
 * the bot's thread does not import: it loads TensorFlow.js); a unit test holds the two equal.
 */
export const LABEL_RANDOM_SHARE = 0.3;

/** `count` tracks of the motherlist not in `asked`, uniformly at random (seeded), as the learner draws its share. */
const randomDraw = (
  items: readonly LibraryTrack[],
  asked: ReadonlySet<string>,
  count: number,
  seed: number,
): string[] =>
  shuffled(
    items.map((item) => item.track.id).filter((id) => !asked.has(id)),
    createRandom(seed ^ 0x5bd1e995),
  ).slice(0, count);

/** Tracks of the motherlists kept between picks, all layers together (28k tracks are tens of MB). */
const MAX_CACHED_TRACKS = 30_000;

interface CachedMotherlist {
  fingerprint: string;
  items: LibraryTrack[];
}

/**
 * The label session's sources: the active learner over the layer's motherlist (coverage of the
 * library graph while there are too few answers, then the tracks least certain to a light model
 * trained on every answer so far at each pick; the songs a sort left waiting before any other,
 * beside the round's random share of the whole motherlist) and the active model's guess, read
 * from the layer's cached predictions.
 */
export class LabelCandidateService implements LabelCandidatePicker, LayerGuesser {
  private readonly predictions: LayerPredictionCache;
  /** By user, motherlist and hidden sublists; most recently used last. */
  private readonly motherlists = new Map<string, CachedMotherlist>();
  /**
   * By layer, the songs taken out of sublists by hand with no label since (what they were taken out
   * of), read at each pick: the cards between two picks show songs of that round.
   */
  private readonly removals = new Map<string, Map<string, string[]>>();

  constructor(private readonly deps: LabelCandidateDeps) {
    this.predictions = new LayerPredictionCache({ models: deps.models, motherlist: deps.library });
  }

  async pick({ userId, layer, sublists, asked, count }: LabelCandidateRequest): Promise<LabelCandidates> {
    const items = await this.motherlist(
      userId,
      layer.motherlistId,
      sublists.map((sublist) => sublist.playlistId),
    );
    const answers = await this.deps.models.answers(layer);
    // A card's guess never names a sublist its song was taken out of by hand.
    this.removals.set(layer.id, answers.removals);
    // With enough answers the round is chosen by a light model trained on all of them, as the
    // evaluated session retrains between rounds; before that by the active model, or a cold start.
    // It trains over the motherlist alone (the one read kept between picks): an answered song no
    // longer in it is not learned from, unlike in /train.
    const active = answers.training ? undefined : await this.deps.models.activeModel(layer.id);
    // Songs a sort left waiting come first: the active learner chooses among them (every other
    // track counts as asked) until none is left, then among the whole motherlist.
    const waiting = new Set(
      (await this.deps.waiting.listFor(layer.id)).map((w) => w.trackId).filter((id) => !asked.has(id)),
    );
    const waitingHere = items.some((item) => waiting.has(item.track.id));
    const seed = hashString(`${layer.id}:${asked.size}`);
    // The random share of the round is drawn from the whole motherlist, waiting or not, as the
    // evaluated session draws it: a draw among the waiting songs is no sample of the library (the
    // sort chose them), and without it no answer would be a random draw while songs wait.
    const drawn = waitingHere ? randomDraw(items, asked, Math.round(count * LABEL_RANDOM_SHARE), seed) : [];
    const excluded = waitingHere
      ? [...asked, ...drawn, ...items.map((item) => item.track.id).filter((id) => !waiting.has(id))]
      : [...asked];
    const round = await this.deps.work.run(userId, {
      kind: 'pick',
      items,
      asked: excluded,
      count: count - drawn.length,
      seed,
      ...(answers.training ? { answers: answers.training } : {}),
      ...(active ? { model: active.model } : {}),
    });
    // The learner's own random share among the waiting songs is not reported as drawn at random.
    return waitingHere ? { trackIds: [...drawn, ...round.trackIds], randomlyDrawn: drawn } : round;
  }

  /**
   * The motherlist's tracks, read again only when tracks joined or left it (its fingerprint): a
   * session picks every few cards, and reading a big library each time held the database.
   */
  private async motherlist(
    userId: string,
    motherlistId: string,
    hiddenPlaylistIds: readonly string[],
  ): Promise<LibraryTrack[]> {
    const key = [userId, motherlistId, ...hiddenPlaylistIds].join('|');
    const fingerprint = await this.deps.library.fingerprint(userId, motherlistId);
    const cached = this.motherlists.get(key);
    this.motherlists.delete(key);
    if (cached?.fingerprint === fingerprint) {
      this.motherlists.set(key, cached);
      return cached.items;
    }
    const items = await this.deps.library.tracksOf(userId, motherlistId, { hiddenPlaylistIds });
    this.motherlists.set(key, { fingerprint, items });
    let total = 0;
    for (const [other, entry] of [...this.motherlists].reverse()) {
      total += entry.items.length;
      if (total > MAX_CACHED_TRACKS) this.motherlists.delete(other);
    }
    return items;
  }

  /**
   * The model's guess for a card, given the user's hand removals and the sublists removed since
   * the predictions were kept (as a sort conditions it).
   */
  async guess(
    userId: string,
    layer: Layer,
    sublists: readonly Sublist[],
    trackId: string,
  ): Promise<TrackGuess | undefined> {
    const kept = await this.predictions.prediction(userId, layer, trackId);
    if (!kept) return undefined;
    const predicted = withoutRemovedSublists(kept, new Set(sublists.map((s) => s.id)), layer.mode);
    const removedFrom = this.removals.get(layer.id)?.get(trackId);
    const prediction = removedFrom ? givenRemovals(predicted, removedFrom, layer.mode) : predicted;
    return {
      sublistIds: [...prediction.placement],
      confidence: prediction.confidence,
      // A non-mutual layer decides each sublist on its own: the card says how sure of each.
      ...(layer.mode.mutual || prediction.placement.length === 0
        ? {}
        : {
            memberships: Object.fromEntries(
              prediction.placement.map((id) => [id, prediction.memberships[id] ?? prediction.confidence]),
            ),
          }),
    };
  }
}
