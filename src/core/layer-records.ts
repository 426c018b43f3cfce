import type { LayerMode, Placement } from './layer.js';

/** The motherlist id of Liked Songs; any other motherlist id is a Spotify playlist id. */
export const LIKED_SONGS_ID = 'liked' as const;

export interface Layer {
  id: string;
  userId: string;
  name: string;
  /** `liked` or a playlist id. */
  motherlistId: string;
  mode: LayerMode;
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
  /** Results that show the person's library (sort summaries, model quality) go to the channel for all to see. */
  publicResults: boolean;
  /** Null: the server's default interval. */
  syncIntervalMinutes: number | null;
  removeUnliked: boolean;
}

/** Motherlist tracks a layer takes in (sorted, or left unsorted on purpose) or out (departed). */
export interface IntakeChange {
  add: readonly string[];
  remove: readonly string[];
}
