import type {
  AddedBy,
  Episode,
  Page,
  SimplifiedPlaylist,
  Track,
  TrackReference,
  User,
} from '@spotify/web-api-ts-sdk';

/**
 * The SDK's 1.2.0 types adjusted to the 2026 API: playlist `tracks` became `items`, an entry's
 * `track` became `item` (both still sent by some responses), `GET /me` gained `account_id`.
 */
export type { Page };

/** A track as a new app gets it; removed fields (popularity, available_markets...) may be absent. */
export type SpotifyTrack = Track;

export type SpotifyEpisode = Episode;

export interface SavedTrackEntry {
  added_at: string;
  track: SpotifyTrack | null;
}

export interface PlaylistEntry {
  added_at: string | null;
  added_by?: AddedBy | null;
  is_local: boolean;
  item?: SpotifyTrack | SpotifyEpisode | null;
  /** Deprecated name of `item`; read `item ?? track`. */
  track?: SpotifyTrack | SpotifyEpisode | null;
}

export type PlaylistSummary = Omit<SimplifiedPlaylist, 'tracks'> & {
  items?: TrackReference | null;
  tracks?: TrackReference | null;
};

export type CurrentUser = Pick<User, 'id' | 'display_name' | 'uri'> & {
  /** Stable id for linking (May 2026); absent on older responses. */
  account_id?: string;
};

export interface SnapshotResponse {
  snapshot_id: string;
}
