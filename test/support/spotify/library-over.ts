import { MotherlistTracksRepository } from '../../../src/db/repositories/motherlist-tracks.repository.js';
import { SpotifyPlaylistWriter } from '../../../src/spotify/playlist-writer.js';
import { SpotifyLibrary } from '../../../src/spotify/spotify-library.js';
import type { SpotifyHarness } from './spotify-harness.js';

/** The library ports (SpotifyLibrary) over a harness's synced copy and its fake Spotify. */
export const libraryOver = (h: SpotifyHarness): SpotifyLibrary =>
  new SpotifyLibrary({
    accounts: h.accounts,
    entries: h.entries,
    playlists: h.playlists,
    motherlist: new MotherlistTracksRepository(h.database.dataSource),
    sessions: h.sessions,
    reader: new SpotifyPlaylistWriter(h.sessions),
  });
