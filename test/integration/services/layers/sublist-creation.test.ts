import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotPorts } from '../../../../src/composition/bot-ports.js';
import { createBotServices, type BotServiceSet } from '../../../../src/composition/bot-services.js';
import { createRepositories } from '../../../../src/composition/repositories.js';
import { createSortingServices, type SortingServices } from '../../../../src/composition/sorting.js';
import { UserErrorCode } from '../../../../src/services/errors.js';
import { SpotifyPlaylistWriter } from '../../../../src/spotify/playlist-writer.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../../support/spotify/spotify-harness.js';
import { startTestModelPool } from '../../../support/model-pool.js';

const codeOf = (work: Promise<unknown>): Promise<string | undefined> =>
  work.then(
    () => undefined,
    (error: { code?: string }) => error.code ?? String(error),
  );

/**
 * Issue 24 item 7: a refused /sublist add or /layer create changes nothing in Spotify, and a
 * creation that fails after the playlist was made takes the playlist back.
 */
describe('layer and sublist names, and sublist playlists, over the fake Spotify', () => {
  let h: SpotifyHarness;
  let sorting: SortingServices;
  let set: BotServiceSet;
  const USER = 'd-ann';

  const pool = startTestModelPool();
  beforeAll(async () => {
    h = await startSpotifyHarness();
    h.fake.addUser({ id: 'ann', displayName: 'Ann' });
    await h.link(USER, 'ann');
    const writer = new SpotifyPlaylistWriter(h.sessions);
    sorting = createSortingServices(h.database, { writer, modelWork: pool });
    const ports = createBotPorts({
      link: { createLinkUrl: async () => 'http://127.0.0.1/link/unused' },
      spotify: h.sessions,
      playlistReader: writer,
      sorting,
    });
    set = createBotServices(createRepositories(h.database), ports, { defaultSyncIntervalMinutes: 10 });
    await set.services.layers.create(USER, { name: 'Moods', mutual: true, complete: false });
  });
  afterAll(async () => {
    expect(h.fake.specViolations).toEqual([]);
    await sorting?.close();
    await pool.close();
    await h?.close();
  });

  const spotifyPlaylists = () => h.fake.playlistsOf('ann').map((p) => p.name);

  it.each([
    ['a NUL byte', 'a\u0000b'],
    ['a bell', 'ring\u0007'],
    ['only zero-width spaces', '\u200B\u200B'],
    ['only spaces', '   '],
    ['a right-to-left override', 'abc\u202Egpj.exe'],
    ['41 characters', 'x'.repeat(41)],
  ])('refuses a sublist name with %s before creating anything', async (_what, name) => {
    const creates = h.fake.requestCount('POST /me/playlists');
    expect(await codeOf(set.services.sublists.add(USER, 'Moods', name))).toBe(UserErrorCode.InvalidInput);
    expect(h.fake.requestCount('POST /me/playlists')).toBe(creates);
    expect(spotifyPlaylists()).toEqual([]);
  });

  it.each([
    ['a NUL byte', 'a\u0000b'],
    ['only zero-width spaces', '\u200B'],
    ['a left-to-right isolate', 'a\u2066b'],
  ])('refuses a layer name with %s', async (_what, name) => {
    expect(await codeOf(set.services.layers.create(USER, { name, mutual: true, complete: true }))).toBe(
      UserErrorCode.InvalidInput,
    );
    expect((await set.services.layers.list(USER)).map((o) => o.layer.name)).toEqual(['Moods']);
  });

  it('keeps tabs and runs of spaces as one space, and emoji with joiners', async () => {
    const { sublist } = await set.services.sublists.add(USER, 'Moods', '  Late\t\tnight  👩‍🚀 ');
    expect(sublist.name).toBe('Late night 👩‍🚀');
    expect(h.fake.playlist(sublist.playlistId).name).toBe('Late night 👩‍🚀');
  });

  it('three /sublist add of one name at once: one sublist, one playlist, the others told it exists', async () => {
    const before = spotifyPlaylists().length;
    const codes = await Promise.all(
      [0, 1, 2].map(() => codeOf(set.services.sublists.add(USER, 'Moods', 'Rock'))),
    );
    expect(codes.filter((code) => code === undefined)).toHaveLength(1);
    expect(codes.filter((code) => code === UserErrorCode.DuplicateSublist)).toHaveLength(2);
    const { sublists } = await set.services.layers.requireWithSublists(USER, 'Moods');
    const rock = sublists.filter((s) => s.name === 'Rock');
    expect(rock).toHaveLength(1);
    // The losers' playlists left the library again: no orphan, and the synced copy agrees.
    expect(spotifyPlaylists().filter((name) => name === 'Rock')).toHaveLength(1);
    expect(spotifyPlaylists()).toHaveLength(before + 1);
    expect(h.fake.playlistsOf('ann').find((p) => p.name === 'Rock')?.id).toBe(rock[0]?.playlistId);
    expect((await h.playlists.listFor(USER)).filter((p) => p.name === 'Rock')).toHaveLength(1);
  });
});
