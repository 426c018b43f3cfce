/** The kinds of enrichment a model can learn from: audio features (ReccoBeats), tags (MusicBrainz, Last.fm). */
export type EnrichmentKind = 'audio' | 'tags';

/**
 * The enrichment a model was trained on: how many of its songs had each kind, which kinds it uses
 * (a kind it never saw on an answered song is never fed to it), and which kinds were still arriving.
 */
export interface ModelFeatures {
  /** Songs it was trained on (the motherlist and the answered songs). */
  songs: number;
  withAudio: number;
  withTags: number;
  uses: EnrichmentKind[];
  /** Kinds whose providers had not yet looked up every song of the library when it trained. */
  arriving: EnrichmentKind[];
  /** Kinds not looked up for every song whose every provider was failing (absent in older models). */
  stalled?: StalledEnrichment[];
}

/** A kind of enrichment that is not arriving now: every provider still to answer for it is failing. */
export interface StalledEnrichment {
  kind: EnrichmentKind;
  /** The failing providers' ids (reccobeats, musicbrainz, lastfm). */
  providers: string[];
}

/** A stored model: weights as bytes and the rest as JSON the model code reads back. */
export interface StoredModel {
  id: string;
  layerId: string;
  /** 1, 2, 3… per layer. */
  version: number;
  featureSpec: unknown;
  weights: Uint8Array;
  thresholds: unknown;
  metrics: unknown;
  labelCount: number;
  backend: string;
  /** Null for models stored before it was recorded. */
  features: ModelFeatures | null;
  active: boolean;
  createdAt: Date;
}

export type NewModel = Pick<
  StoredModel,
  'layerId' | 'featureSpec' | 'weights' | 'thresholds' | 'metrics' | 'labelCount' | 'backend'
> &
  Partial<Pick<StoredModel, 'features'>>;
