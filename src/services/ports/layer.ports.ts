import type {
  Label,
  LabelSource,
  Layer,
  NewLayer,
  Sublist,
  WaitingChange,
  WaitingTrack,
} from '../../core/layer-records.js';

/** The stores of a layer and what hangs on it: its sublists and the user's answers. */
export interface LayerStore {
  create(layer: NewLayer): Promise<Layer>;
  byId(id: string): Promise<Layer | undefined>;
  byName(userId: string, name: string): Promise<Layer | undefined>;
  listFor(userId: string): Promise<Layer[]>;
  /** The share of a sort's written placements that should be right (0..1). */
  setPrecisionTarget(id: string, precisionTarget: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes every layer of the user; returns how many. */
  deleteAllFor(userId: string): Promise<number>;
  /**
   * Marks these layers as told of the circle they are in (a sync tells the user once by DM):
   * the ids of those not marked before, none when each was (told already, or by another sync).
   */
  claimCycleNotice(layerIds: readonly string[], at: Date): Promise<string[]>;
  /** Unmarks these layers: their DM did not go out (a later sync tells), or they are in no circle now. */
  releaseCycleNotice(layerIds: readonly string[]): Promise<void>;
}

export interface SublistStore {
  add(layerId: string, name: string, playlistId: string): Promise<Sublist>;
  listFor(layerId: string): Promise<Sublist[]>;
  byName(layerId: string, name: string): Promise<Sublist | undefined>;
  delete(id: string): Promise<void>;
}

export interface LabelStore {
  /** Stores (or replaces) the answer for one track; `drawnAtRandom` is false unless given (see `Label`). */
  put(
    layerId: string,
    trackId: string,
    sublistIds: readonly string[],
    source: LabelSource,
    options?: { drawnAtRandom?: boolean },
  ): Promise<void>;
  /**
   * Stores many answers (not drawn at random); existing answers from `keep` sources are left as
   * they are. Returns how many were stored.
   */
  putMany(
    layerId: string,
    labels: readonly { trackId: string; sublistIds: readonly string[] }[],
    source: LabelSource,
    keep: readonly LabelSource[],
  ): Promise<number>;
  get(layerId: string, trackId: string): Promise<Label | undefined>;
  listFor(layerId: string): Promise<Label[]>;
  trackIdsFor(layerId: string): Promise<string[]>;
  count(layerId: string): Promise<number>;
  /** Labels per layer of the user. */
  countsFor(userId: string): Promise<Map<string, number>>;
  delete(layerId: string, trackId: string): Promise<void>;
  /**
   * Takes the sublist out of every answer that names it, each answer's source, draw and time kept
   * (the rest is still what the user said). An answer left naming no sublist stays, as the void,
   * when `keepVoid`, and is forgotten otherwise. Returns how many were forgotten and kept.
   */
  forgetSublist(
    layerId: string,
    sublistId: string,
    options: { keepVoid: boolean },
  ): Promise<{ forgotten: number; kept: number }>;
}

/** The songs of a layer that wait for an answer (a sort left them unplaced); an answered song no longer waits. */
export interface WaitingStore {
  /** Least sure first. */
  listFor(layerId: string): Promise<WaitingTrack[]>;
  countFor(layerId: string): Promise<number>;
  /** The `limit` songs that began waiting last, newest first (ties by track id). */
  latestFor(layerId: string, limit: number): Promise<string[]>;
  byTrack(layerId: string, trackId: string): Promise<WaitingTrack | undefined>;
  record(layerId: string, change: WaitingChange): Promise<void>;
  /** Drops a sublist removed from the layer from the guesses naming it (`WaitingTrack.trimmed`). */
  forgetSublist(layerId: string, sublistId: string): Promise<void>;
}

/**
 * The layers' run locks (SortRunService.whileLayersLocked): waits for a run being written, then
 * busy. What deletes a layer's rows (/unlink, /layer delete, /sublist remove) holds them, so that
 * no run is cut off mid-write by its rows going.
 */
export interface LayerLocks {
  whileLayersLocked<T>(layerIds: readonly string[], work: () => Promise<T>): Promise<T>;
}
