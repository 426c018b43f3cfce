import { EnrichmentCacheEntity } from './enrichment-cache.entity.js';
import { HandEditEntity } from './hand-edit.entity.js';
import { LabelSessionEntity } from './label-session.entity.js';
import { LabelEntity } from './label.entity.js';
import { LayerEntity } from './layer.entity.js';
import { LayerTrackEntity } from './layer-track.entity.js';
import { LibraryEntryEntity } from './library-entry.entity.js';
import { ModelEntity } from './model.entity.js';
import { OAuthStateEntity } from './oauth-state.entity.js';
import { SortRunEntity } from './sort-run.entity.js';
import { SortStepEntity } from './sort-step.entity.js';
import { SpotifyAccountEntity } from './spotify-account.entity.js';
import { SpotifyBudgetEntity } from './spotify-budget.entity.js';
import { SpotifyQuotaEntity } from './spotify-quota.entity.js';
import { SpotifyRequestBucketEntity } from './spotify-request-bucket.entity.js';
import { SublistEntity } from './sublist.entity.js';
import { TrackEntity } from './track.entity.js';
import { UserPlaylistEntity } from './user-playlist.entity.js';
import { UserSettingsEntity } from './user-settings.entity.js';
import { UserEntity } from './user.entity.js';
import { WaitingTrackEntity } from './waiting-track.entity.js';

export const entities = [
  UserEntity,
  UserSettingsEntity,
  SpotifyAccountEntity,
  SpotifyBudgetEntity,
  OAuthStateEntity,
  TrackEntity,
  UserPlaylistEntity,
  LibraryEntryEntity,
  LayerEntity,
  SublistEntity,
  LabelEntity,
  ModelEntity,
  SortRunEntity,
  SortStepEntity,
  LabelSessionEntity,
  EnrichmentCacheEntity,
  HandEditEntity,
  LayerTrackEntity,
  SpotifyRequestBucketEntity,
  SpotifyBudgetEntity,
  SpotifyQuotaEntity,
  WaitingTrackEntity,
];

export {
  EnrichmentCacheEntity,
  HandEditEntity,
  LabelEntity,
  LabelSessionEntity,
  LayerEntity,
  LayerTrackEntity,
  LibraryEntryEntity,
  ModelEntity,
  OAuthStateEntity,
  SortRunEntity,
  SortStepEntity,
  SpotifyAccountEntity,
  SpotifyBudgetEntity,
  SpotifyQuotaEntity,
  SpotifyRequestBucketEntity,
  SublistEntity,
  TrackEntity,
  UserEntity,
  UserPlaylistEntity,
  UserSettingsEntity,
  WaitingTrackEntity,
};
