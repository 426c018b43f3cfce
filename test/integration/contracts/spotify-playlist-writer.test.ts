import { afterAll, beforeAll, describe } from 'vitest';
import { SpotifyPlaylistWriter } from '../../../src/spotify/playlist-writer.js';
import { playlistWriterContract, type PlaylistWorld } from '../../contracts/playlist-writer.contract.js';
import { makeTracks } from '../../support/spotify/seed.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';

/** The Spotify playlist writer over HTTP against the fake Spotify, under the in-memory playlists' contract. */
describe('the Spotify playlist writer', () => {
  let harness: SpotifyHarness;
  let world: PlaylistWorld;
  beforeAll(async () => {
    harness = await startSpotifyHarness();
    const tracks = makeTracks('writer', 150);
    harness.fake.addUser({ id: 'writer' });
    harness.fake.addTracks(tracks);
    await harness.link('discord-writer', 'writer');
    let made = 0;
    world = {
      writer: new SpotifyPlaylistWriter(harness.sessions),
      userId: 'discord-writer',
      tracks: tracks.map((track) => track.id),
      playlist: async (trackIds) =>
        harness.fake.createPlaylistByHand('writer', { name: `Sorted ${++made}`, trackIds: [...trackIds] }),
      held: async (id) => harness.fake.playlist(id).trackIds,
      addByHand: async (id, trackIds) => void harness.fake.addToPlaylistByHand(id, [...trackIds]),
    };
  });
  afterAll(async () => {
    harness.fake.assertClean();
    await harness?.close();
  });

  playlistWriterContract(() => world);
});
