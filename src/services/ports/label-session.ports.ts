import type { LabelSession, LabelSessionChanges, Layer, Sublist } from '../../core/layer-records.js';
import type { Track } from '../../core/track.js';

/** A track as a label card shows it. */
export interface CardTrack extends Track {
  /** Album art, when the catalog knows it. */
  coverUrl?: string | undefined;
}

/** Track metadata for the label card. */
export interface TrackCatalog {
  byIds(trackIds: readonly string[]): Promise<CardTrack[]>;
}

export interface LabelCandidateRequest {
  userId: string;
  layer: Layer;
  sublists: readonly Sublist[];
  /** Labeled, skipped or already queued: never picked again. */
  asked: ReadonlySet<string>;
  count: number;
}

export interface LabelCandidates {
  /** Best first. */
  trackIds: string[];
  /**
   * Those of `trackIds` drawn uniformly at random from the layer's unasked motherlist songs: a
   * sample of the library, which the trivial guard can trust (src/ml/trivial-guard.ts).
   */
  randomlyDrawn: string[];
}

/** The active learner: the most useful tracks to ask next. */
export interface LabelCandidatePicker {
  pick(request: LabelCandidateRequest): Promise<LabelCandidates>;
}

export interface TrackGuess {
  /** Empty: the void. */
  sublistIds: string[];
  confidence: number;
  /** Non-mutual layers: the probability of each sublist of the guess, by id (each decided on its own). */
  memberships?: Record<string, number>;
}

/**
 * The layer's current model's guess for a track, among the layer's sublists as they are now (the
 * model may be older than a removed one); undefined while there is no model.
 */
export interface LayerGuesser {
  guess(
    userId: string,
    layer: Layer,
    sublists: readonly Sublist[],
    trackId: string,
  ): Promise<TrackGuess | undefined>;
}

/** The open label sessions (what card each shows, what was answered), kept across restarts. */
export interface LabelSessionStore {
  open(userId: string, layerId: string, channelId: string): Promise<LabelSession>;
  byId(id: string): Promise<LabelSession | undefined>;
  openFor(userId: string, layerId: string): Promise<LabelSession | undefined>;
  update(id: string, changes: LabelSessionChanges): Promise<LabelSession>;
}
