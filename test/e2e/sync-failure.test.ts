import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import type { KeepSortedService } from '../../src/services/sync/keep-sorted.service.js';
import { compactUuid, customId } from '../../src/bot/custom-id.js';
import { referenceOf, RunFailedError } from '../../src/services/errors.js';
import { REMOVAL_TRIES, RUN_APPLY_TRIES } from '../../src/services/sorting/run-applier.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { startSortedGenresOverBot, waitingIds } from '../support/bot/world-bot.js';
import { genreSeedTracks, type SortingWorld } from '../support/sorting-world.js';

const SPOTIFY_USER = 'spotify-sync-failure';
const TRACKS = genreSeedTracks(56, 'sf');
const LIKED = 40;
const ITEMS = '/playlists/{playlist_id}/items';

/**
 * A sync whose run fails while it writes the new likes to Spotify, through the bot on the fake
 * Discord: a passing failure (5xx) is finished by the next sync; a refusal (403) is not tried
 * again, and the new likes it could not place wait, with the reference of the failure in the DM
 * and in /status; a failure of ours that recurs (a database error) ends the run the same way after
 * RUN_APPLY_TRIES tries. No new like is lost either way.
 */
describe('a sync whose run fails while writing to Spotify', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;

  const inSublists = () =>
    new Set(world.sublists.flatMap((s) => [...world.harness.fake.playlist(s.playlistId).trackIds]));
  const waiting = () => waitingIds(world);
  const like = (from: number, count: number) => {
    const ids = TRACKS.slice(from, from + count).map((t) => t.id);
    for (const id of ids) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    return ids;
  };
  const writesSince = (since: number) =>
    world.harness.fake.requests.slice(since).filter((r) => r.method === 'POST' && r.path.endsWith('/items'));

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    ({ alice, world, bot, keepSorted } = await startSortedGenresOverBot(
      discord,
      SPOTIFY_USER,
      TRACKS,
      LIKED,
    ));
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('a passing failure (5xx) leaves the new likes to the next sync, which places them', async () => {
    const fresh = like(LIKED, 3);
    const fault = world.harness.fake.faults.add({ method: 'POST', path: ITEMS, status: 503 });
    await expect(keepSorted.syncUser(alice.id)).rejects.toThrow(/503/);
    expect(fresh.filter((id) => inSublists().has(id))).toEqual([]);

    world.harness.fake.faults.remove(fault);
    await keepSorted.syncUser(alice.id);
    const waits = await waiting();
    expect(fresh.filter((id) => !inSublists().has(id) && !waits.has(id))).toEqual([]);
    expect(fresh.filter((id) => inSublists().has(id))).not.toEqual([]);
    const dm = discord.dms(alice).at(-1)?.embeds[0];
    expect(dm?.title).toBe('New songs sorted in genres');
    expect(dm?.description).not.toContain('failed');
  });

  it('a refusal (403) is not tried again: the new likes wait, and the DM and /status give the reference', async () => {
    const fresh = like(LIKED + 3, 6);
    // The run's first write goes through; Spotify refuses the next one.
    const refusal = world.harness.fake.faults.add({ method: 'POST', path: ITEMS, status: 403, after: 1 });
    const dms = discord.dms(alice).length;
    const failure: unknown = await keepSorted.syncUser(alice.id).catch((error: unknown) => error);
    expect(String(failure)).toMatch(/403/);

    // What the first write placed stays placed; each song it could not place waits instead.
    expect(refusal.fired).toBe(1);
    const placed = fresh.filter((id) => inSublists().has(id));
    const now = await waiting();
    const refused = fresh.filter((id) => now.has(id));
    expect(placed.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect([...placed, ...refused].sort()).toEqual([...fresh].sort());

    // The DM says the sync failed, with the reference, and offers the songs to place.
    expect(discord.dms(alice).length).toBe(dms + 1);
    const dm = discord.dms(alice).at(-1);
    const reference = /reference: `([0-9a-f]{8})`/.exec(dm?.embeds[0]?.description ?? '')?.[1];
    expect(dm?.embeds[0]?.description).toContain(
      `**${refused.length} new songs could not be written to Spotify** (Spotify refused them)`,
    );
    const placedLines = dm?.embeds[0]?.description
      ?.split('\n')
      .filter((line) => /^\*\*(rock|jazz|folk)\*\* \(/.test(line));
    expect(placedLines?.map((line) => Number(/\((\d+)\)/.exec(line)?.[1])).reduce((a, b) => a + b, 0)).toBe(
      placed.length,
    );
    expect(reference).toBeDefined();
    // The one the sync job logs the failure with.
    expect(referenceOf(failure)).toBe(reference);
    expect(dm?.components?.length).toBeGreaterThan(0);

    // The next syncs do not write again (the refusal stands), and lose nothing.
    const since = world.harness.fake.requests.length;
    await keepSorted.syncUser(alice.id);
    await keepSorted.syncUser(alice.id);
    expect(writesSince(since)).toEqual([]);
    expect(fresh.filter((id) => !(now.has(id) || inSublists().has(id)))).toEqual([]);
    expect(fresh.filter((id) => inSublists().has(id))).toEqual(placed);
    expect(discord.dms(alice).length).toBe(dms + 1);

    const status = await discord
      .runSlashCommand({ user: alice, name: 'status', options: {} })
      .waitForReply((r) => Boolean(r.embeds[0]?.fields?.length));
    expect(status.embeds[0]?.fields?.[0]?.value).toContain(`reference: \`${reference}\``);
    expect(status.embeds[0]?.fields?.[0]?.value).toContain(
      'its changes were not made (Spotify refused them)',
    );

    // Once Spotify takes writes again, the DM's Place puts a waiting song where the run meant it.
    world.harness.fake.faults.remove(refusal);
    const song = refused[0]!;
    const guess = (await world.services.repositories.waiting.byTrack(world.layer.id, song))?.guess ?? [];
    const sublist = world.sublists.find((s) => s.id === guess[0]);
    discord.pressButton({
      user: alice,
      message: dm!.id,
      customId: customId('pw', compactUuid(world.layer.id), song),
    });
    await discord.waitFor(() => (discord.message(dm!.id).content.includes('Placed **') ? true : undefined));
    expect(world.harness.fake.playlist(sublist!.playlistId).trackIds).toContain(song);
    discord.assertNoViolations();
  });

  // Un-likes songs that sit in a sublist; Spotify refuses their removal.
  const unlikeRefused = () => {
    const placed = inSublists();
    const gone = TRACKS.slice(0, LIKED)
      .map((t) => t.id)
      .filter((id) => placed.has(id))
      .slice(0, 2);
    for (const id of gone) world.harness.fake.unlikeTrack(SPOTIFY_USER, id);
    const refusal = world.harness.fake.faults.add({ method: 'DELETE', path: ITEMS, status: 403 });
    return { gone, refusal };
  };
  const removalsSince = (since: number) =>
    world.harness.fake.requests
      .slice(since)
      .filter((r) => r.method === 'DELETE' && r.path.endsWith('/items'));

  it('an un-liked song whose removal Spotify refused is taken out by a later sync, once writes are accepted', async () => {
    const { gone, refusal } = unlikeRefused();
    await expect(keepSorted.syncUser(alice.id)).rejects.toThrow(/403/);
    expect(refusal.fired).toBeGreaterThan(0);
    expect(gone.filter((id) => inSublists().has(id))).toEqual(gone);

    world.harness.fake.faults.remove(refusal);
    await keepSorted.syncUser(alice.id);
    expect(gone.filter((id) => inSublists().has(id))).toEqual([]);
    discord.assertNoViolations();
  });

  it(`a removal refused every time is tried by ${REMOVAL_TRIES} syncs, then left as it is`, async () => {
    const { gone, refusal } = unlikeRefused();
    const dms = discord.dms(alice).length;
    try {
      for (let tried = 1; tried <= REMOVAL_TRIES; tried++) {
        const since = world.harness.fake.requests.length;
        await expect(keepSorted.syncUser(alice.id)).rejects.toThrow(/403/);
        expect(removalsSince(since).length).toBeGreaterThan(0);
      }
      const since = world.harness.fake.requests.length;
      await keepSorted.syncUser(alice.id);
      await keepSorted.syncUser(alice.id);
      expect(removalsSince(since)).toEqual([]);
      expect(gone.filter((id) => inSublists().has(id))).toEqual(gone);
      // Nothing but removals failed: no new-songs DM about them, at any try.
      expect(discord.dms(alice).length).toBe(dms);
    } finally {
      world.harness.fake.faults.remove(refusal);
    }
    discord.assertNoViolations();
  });

  it('a run whose every apply fails otherwise (the database refuses it) ends after a few tries as a refusal does', async () => {
    const query = (sql: string) => world.harness.database.dataSource.query(sql);
    const fresh = like(LIKED + 9, 4);
    // A fault of ours, not Spotify's: the database refuses to start applying the run that holds
    // these songs, every time (as a bug set off by that run's data would).
    const held = fresh.map((id) => `'${id}'`).join(', ');
    await query(`create function stuck_run() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from sort_steps s, jsonb_array_elements_text(s.track_ids) t(id)
                    where s.run_id = new.id and t.id in (${held}))
          then raise exception 'the database refused this run'; end if;
        return new;
      end $$`);
    await query(`create trigger stuck_run before update on sort_runs for each row
      when (new.status = 'applying') execute function stuck_run()`);
    try {
      const dms = discord.dms(alice).length;
      const since = world.harness.fake.requests.length;
      // Each try fails, and the run stays journaled: its songs are neither placed nor waiting yet.
      const tries: unknown[] = [];
      for (let tried = 1; tried < RUN_APPLY_TRIES; tried++) {
        tries.push(await keepSorted.syncUser(alice.id).catch((error: unknown) => error));
        expect(String(tries.at(-1))).toMatch(/the database refused this run/);
        expect((await world.services.repositories.runs.unfinishedFor(world.layer.id)).length).toBe(1);
        expect(discord.dms(alice).length).toBe(dms);
      }

      // The last try ends it: every song it held waits, and the DM says so with the reference.
      const failure: unknown = await keepSorted.syncUser(alice.id).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RunFailedError);
      expect(String(failure)).toMatch(/the database refused this run/);
      expect(await world.services.repositories.runs.unfinishedFor(world.layer.id)).toEqual([]);
      expect(writesSince(since)).toEqual([]);
      const now = await waiting();
      expect(fresh.filter((id) => !now.has(id))).toEqual([]);
      expect(fresh.filter((id) => inSublists().has(id))).toEqual([]);
      expect(discord.dms(alice).length).toBe(dms + 1);
      const dm = discord.dms(alice).at(-1);
      const reference = /reference: `([0-9a-f]{8})`/.exec(dm?.embeds[0]?.description ?? '')?.[1];
      expect(dm?.embeds[0]?.description).toContain(
        `**${fresh.length} new songs could not be written to Spotify** (an error on our side stopped them three times)`,
      );
      expect(reference).toBeDefined();
      expect(referenceOf(failure)).toBe(reference);
      // Every try was logged under that one reference.
      expect(tries.map(referenceOf)).toEqual(tries.map(() => reference));
      expect(dm?.components?.length).toBeGreaterThan(0);
      const status = await discord
        .runSlashCommand({ user: alice, name: 'status', options: {} })
        .waitForReply((r) => Boolean(r.embeds[0]?.fields?.length));
      expect(status.embeds[0]?.fields?.[0]?.value).toContain(`reference: \`${reference}\``);
      expect(status.embeds[0]?.fields?.[0]?.value).toContain(
        'its changes were not made (an error on our side stopped them three times)',
      );

      // Later syncs go on: the failed run is not tried again, and new likes are sorted.
      const later = like(LIKED + 13, 3);
      await keepSorted.syncUser(alice.id);
      const waits = await waiting();
      expect(later.filter((id) => !(waits.has(id) || inSublists().has(id)))).toEqual([]);
      expect(later.filter((id) => inSublists().has(id))).not.toEqual([]);
      expect(fresh.filter((id) => !waits.has(id))).toEqual([]);
      expect(discord.dms(alice).length).toBe(dms + 2);
      expect(discord.dms(alice).at(-1)?.embeds[0]?.description).not.toContain('could not be written');
    } finally {
      await query('drop trigger if exists stuck_run on sort_runs');
      await query('drop function if exists stuck_run()');
    }
    discord.assertNoViolations();
  });
});
