import type { Database } from '../db/database.js';
import { EnrichmentRepository } from '../db/repositories/enrichment.repository.js';
import { HandEditRepository } from '../db/repositories/hand-edit.repository.js';
import { LabelSessionRepository } from '../db/repositories/label-session.repository.js';
import { LabelRepository } from '../db/repositories/label.repository.js';
import { LayerTrackRepository } from '../db/repositories/layer-track.repository.js';
import { LayerRepository } from '../db/repositories/layer.repository.js';
import { LibraryEntryRepository } from '../db/repositories/library-entry.repository.js';
import { ModelRepository } from '../db/repositories/model.repository.js';
import { MotherlistTracksRepository } from '../db/repositories/motherlist-tracks.repository.js';
import { OAuthStateRepository } from '../db/repositories/oauth-state.repository.js';
import { PlaylistContentsRepository } from '../db/repositories/playlist-contents.repository.js';
import { SortRunRepository } from '../db/repositories/sort-run.repository.js';
import { SortStepRepository } from '../db/repositories/sort-step.repository.js';
import { SpotifyAccountRepository } from '../db/repositories/spotify-account.repository.js';
import { SpotifyBudgetRepository } from '../db/repositories/spotify-budget.repository.js';
import { SublistRepository } from '../db/repositories/sublist.repository.js';
import { SyncScheduleRepository } from '../db/repositories/sync-schedule.repository.js';
import { TrackRepository } from '../db/repositories/track.repository.js';
import { UserPlaylistRepository } from '../db/repositories/user-playlist.repository.js';
import { UserSettingsRepository } from '../db/repositories/user-settings.repository.js';
import { UserRepository } from '../db/repositories/user.repository.js';
import { WaitingTrackRepository } from '../db/repositories/waiting-track.repository.js';

/**
 * Every repository of one database, built once and handed to whoever needs which. `now`: the
 * clock of the sort-run journal (default: the system clock).
 */
export const createRepositories = ({ dataSource }: Database, now?: () => Date) => ({
  users: new UserRepository(dataSource),
  accounts: new SpotifyAccountRepository(dataSource),
  states: new OAuthStateRepository(dataSource),
  budget: new SpotifyBudgetRepository(dataSource),
  schedule: new SyncScheduleRepository(dataSource),
  tracks: new TrackRepository(dataSource),
  entries: new LibraryEntryRepository(dataSource),
  playlists: new UserPlaylistRepository(dataSource),
  enrichment: new EnrichmentRepository(dataSource),
  layers: new LayerRepository(dataSource),
  sublists: new SublistRepository(dataSource),
  labels: new LabelRepository(dataSource),
  labelSessions: new LabelSessionRepository(dataSource),
  settings: new UserSettingsRepository(dataSource),
  motherlist: new MotherlistTracksRepository(dataSource),
  contents: new PlaylistContentsRepository(dataSource),
  handEdits: new HandEditRepository(dataSource),
  intake: new LayerTrackRepository(dataSource),
  runs: new SortRunRepository(dataSource, now),
  steps: new SortStepRepository(dataSource, now),
  models: new ModelRepository(dataSource),
  waiting: new WaitingTrackRepository(dataSource),
});

export type Repositories = ReturnType<typeof createRepositories>;
