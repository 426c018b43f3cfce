import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { genreSeedTracks, startSortingWorld, type SortingWorld } from '../support/sorting-world.js';

const USER = 'discord-hand-edits-crash';
const SPOTIFY_USER = 'spotify-hand-edits-crash';
const TRACKS = genreSeedTracks(24, 'hec');

/**
 * A sync cut short while it takes in what the user changed by hand: the next sync records every
 * edit once, with its labels, and leaves no stale label. The crashes are the database refusing
 * one write (a trigger), or the process dying right after the library is stored.
 */
describe('hand edits survive a sync cut short, end to end on the fake Spotify', () => {
  let world: SortingWorld;
  let next = 0;
  const playlistOf = (k: number) => world.sublists[k]?.playlistId as string;
  const sublistOf = (k: number) => world.sublists[k]?.id as string;
  const query = (sql: string) => world.harness.database.dataSource.query(sql);

  beforeAll(async () => {
    world = await startSortingWorld(USER, SPOTIFY_USER, TRACKS, TRACKS.length);
    await world.keepSorted.syncUser(USER);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const table of ['labels', 'hand_edits', 'user_playlists'])
      await query(`drop trigger if exists crash_once on ${table}`);
    await query(`drop function if exists crash_once()`);
    await query(`drop sequence if exists crash_once`);
  });
  afterAll(async () => {
    await world?.close();
  });

  /** The database refuses the first of these writes, as a crash there would cut the sync. */
  const crashOnce = async (table: string, event: string, when = '') => {
    await query(`create sequence crash_once`);
    await query(`create function crash_once() returns trigger language plpgsql as $$
      begin
        if nextval('crash_once') = 1 then raise exception 'process killed while storing a hand edit'; end if;
        return coalesce(new, old);
      end $$`);
    await query(
      `create trigger crash_once before ${event} on ${table} for each row ${when} execute function crash_once()`,
    );
  };

  /**
   * Three songs of this test in rock, labelled so by a sync; then, by hand, `moved` goes from rock
   * to jazz (its label becomes jazz) and `removed` out of every sublist (its rock label is stale
   * in this complete layer).
   */
  const handEditsOfOneSync = async () => {
    const [moved, removed, kept] = TRACKS.slice(next, (next += 3)).map((t) => t.id) as [
      string,
      string,
      string,
    ];
    world.harness.fake.addToPlaylistByHand(playlistOf(0), [moved, removed, kept]);
    expect((await world.keepSorted.syncUser(USER)).layers[0]).toMatchObject({
      handEdits: 3,
      labelsFromHandEdits: 3,
    });
    world.harness.fake.removeFromPlaylistByHand(playlistOf(0), [moved, removed]);
    world.harness.fake.addToPlaylistByHand(playlistOf(1), [moved]);
    return { moved, removed, kept };
  };

  const expectTakenIn = async ({
    moved,
    removed,
    kept,
  }: {
    moved: string;
    removed: string;
    kept: string;
  }) => {
    const { handEdits, labels } = world.services.repositories;
    const edits = (await handEdits.listFor(world.layer.id))
      .filter((e) => [moved, removed, kept].includes(e.trackId))
      .map((e) => [e.trackId, e.sublistId, e.action])
      .sort();
    expect(edits).toEqual(
      [
        [moved, sublistOf(0), 'remove'],
        [moved, sublistOf(1), 'add'],
        [removed, sublistOf(0), 'remove'],
        [kept, sublistOf(0), 'add'],
      ].sort(),
    );
    expect(await labels.get(world.layer.id, moved)).toMatchObject({
      sublistIds: [sublistOf(1)],
      source: 'hand-edit',
    });
    expect(await labels.get(world.layer.id, removed)).toBeUndefined();
    expect(await labels.get(world.layer.id, kept)).toMatchObject({ sublistIds: [sublistOf(0)] });
    // The sync after finds nothing new: each edit was taken in once.
    expect((await world.keepSorted.syncUser(USER)).layers[0]?.handEdits).toBe(0);
  };

  it('the process dies right after the library sync stored the playlists: the edits are stored already', async () => {
    const songs = await handEditsOfOneSync();
    const sync = world.harness.sync;
    const store = sync.syncLibrary.bind(sync);
    vi.spyOn(sync, 'syncLibrary').mockImplementationOnce(async (...args) => {
      await store(...args);
      throw new Error('process killed after storing the playlists');
    });
    await expect(world.keepSorted.syncUser(USER)).rejects.toThrow('process killed');
    expect((await world.keepSorted.syncUser(USER)).layers[0]?.handEdits).toBe(0);
    await expectTakenIn(songs);
  });

  it('the library sync dies storing the playlists it read: the edits are stored already', async () => {
    const songs = await handEditsOfOneSync();
    // The new version of a playlist read is saved after its contents.
    await crashOnce('user_playlists', 'update', 'when (new.snapshot_id is distinct from old.snapshot_id)');
    await expect(world.keepSorted.syncUser(USER)).rejects.toThrow('process killed');
    expect((await world.keepSorted.syncUser(USER)).layers[0]?.handEdits).toBe(0);
    await expectTakenIn(songs);
  });

  it.each([
    ['the hand edits', 'hand_edits', 'insert', ''],
    ['a hand-edit label', 'labels', 'insert or update', `when (new.source = 'hand-edit')`],
    ['the stale label’s delete', 'labels', 'delete', ''],
  ])(
    'the database refuses %s: the next sync finds and stores every edit, once',
    async (_, table, event, when) => {
      const songs = await handEditsOfOneSync();
      await crashOnce(table, event, when);
      await expect(world.keepSorted.syncUser(USER)).rejects.toThrow('process killed');
      expect((await world.keepSorted.syncUser(USER)).layers[0]).toMatchObject({
        handEdits: 3,
        labelsFromHandEdits: 1,
      });
      await expectTakenIn(songs);
    },
  );
});
