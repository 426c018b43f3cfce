import type { LayerMode, Placement } from './layer.js';
import type { LibraryEntry } from './library-records.js';

/**
 * Liked Songs' id as a motherlist and as a source of the synced library; any other id is a Spotify
 * playlist id.
 */
export const LIKED_SONGS_ID = 'liked' as const;

export interface Layer {
  id: string;
  userId: string;
  name: string;
  /** `liked` or a playlist id. */
  motherlistId: string;
  mode: LayerMode;
  /** The share of a sort's written placements that should be right; the rest wait for answers. */
  precisionTarget: number;
  createdAt: Date;
}

export interface Sublist {
  id: string;
  layerId: string;
  name: string;
  /** The Spotify playlist that backs the sublist. */
  playlistId: string;
  /** Order of the sublist's button in a label session. */
  position: number;
}

export type LabelSource = 'session' | 'import' | 'correction' | 'hand-edit';

export interface Label {
  layerId: string;
  trackId: string;
  /** Empty means the void. */
  sublistIds: Placement;
  source: LabelSource;
  /**
   * Answered in a label session to a song the active learner drew uniformly at random from the
   * motherlist: a sample of the library the trivial guard can trust (src/ml/trivial-guard.ts).
   * Any later answer to the song (a correction, a hand edit, /import) replaces it and clears it.
   */
  drawnAtRandom: boolean;
  updatedAt: Date;
}

export interface LabelSession {
  id: string;
  userId: string;
  layerId: string;
  channelId: string;
  currentTrackId: string | null;
  currentMessageId: string | null;
  /** Sublists toggled so far for the current track (non-mutual layers). */
  toggledSublistIds: string[];
  /** Answered in this session, oldest first (Undo takes the last). */
  answeredTrackIds: string[];
  skippedTrackIds: string[];
  status: 'open' | 'closed';
  updatedAt: Date;
}

export interface UserSettings {
  userId: string;
  autoSort: boolean;
  dmSummaries: boolean;
  /**
   * The servers (Discord guild ids) where results that show the person's library (sort summaries,
   * model quality) go to the channel for all to see: each turned on in that server alone.
   */
  publicResultServers: string[];
  /** Null: the server's default interval. */
  syncIntervalMinutes: number | null;
  removeUnliked: boolean;
}

/** A song the user added to or removed from a sublist's playlist by hand, as a sync saw it. */
export interface HandEditRecord {
  layerId: string;
  sublistId: string;
  trackId: string;
  action: 'add' | 'remove';
  detectedAt: Date;
}

/**
 * What one sync found changed by hand in the sublists, stored at once: the sublists' playlists as
 * read, the edits, the labels the edits give and the labels they make stale.
 */
export interface HandEditsFound {
  /** Playlist id to its entries as read (empty: no longer readable, or gone). */
  contents: ReadonlyMap<string, readonly LibraryEntry[]>;
  edits: readonly HandEditRecord[];
  /** Stored as `hand-edit` labels. */
  labels: readonly { layerId: string; trackId: string; sublistIds: readonly string[] }[];
  staleLabels: readonly { layerId: string; trackId: string }[];
}

/** What a layer has taken in of its motherlist and since when. */
export interface LayerIntake {
  /** Null: the record has not begun; the next sync begins it with the motherlist as it is. */
  since: Date | null;
  trackIds: Set<string>;
}

/** Motherlist tracks a layer takes in (sorted, or left unsorted on purpose) or out (departed). */
export interface IntakeChange {
  add: readonly string[];
  remove: readonly string[];
}

/** A song the model is not sure enough about to place: it waits for the user's answer. */
export interface WaitingTrack {
  trackId: string;
  /** The model's best guess (empty = the void), placed only by an answer or a sort of everything. */
  guess: Placement;
  /** The probability that the guess is right. */
  confidence: number;
  /**
   * A sublist of the guess was removed since and dropped from it (a mutual guess of that sublist
   * alone is then no guess at all): a Place button shown with the whole guess is refused.
   */
  trimmed?: true;
  /**
   * Non-mutual layers: the probability of each sublist of the guess, by id, each decided on its own.
   * For the run's summary and its DM only: not kept with the waiting song.
   */
  memberships?: Record<string, number>;
}

/** What a run changes in its layer's waiting songs, journaled with its plan. */
export interface WaitingChange {
  /** True: `add` becomes the whole list (a sort of the whole motherlist). */
  replace: boolean;
  add: readonly WaitingTrack[];
  /** Tracks that no longer wait (placed, or gone from the motherlist). */
  remove: readonly string[];
}

export interface NewLayer {
  userId: string;
  name: string;
  motherlistId: string;
  mutual: boolean;
  complete: boolean;
}

/** What a label session's step changes of it. */
export type LabelSessionChanges = Partial<
  Pick<
    LabelSession,
    | 'channelId'
    | 'currentTrackId'
    | 'currentMessageId'
    | 'toggledSublistIds'
    | 'answeredTrackIds'
    | 'skippedTrackIds'
    | 'status'
  >
>;
