export {
  FakeSpotify,
  type FakeSpotifyOptions,
  type RequestLogEntry,
  type DeprecatedCall,
} from './fake-spotify.js';
export { DEFAULT_SCOPES, s256, type IssuedTokens, type TokenRequestRecord } from './accounts.js';
export type { Fault, FaultSpec, FaultStatus } from './faults.js';
export type {
  PlaylistView,
  SeedEpisode,
  SeedLibrary,
  SeedPlaylist,
  SeedPlaylistItem,
  SeedTrack,
} from './library.js';
export {
  readSnapshotFile,
  type SnapshotLike,
  type SnapshotSeedOptions,
  type SnapshotSeedResult,
} from './snapshot.js';
export type { SpecViolation } from './spec.js';
export { stableSpotifyId } from './ids.js';
