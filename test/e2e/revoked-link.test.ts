import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import type { KeepSortedService } from '../../src/services/sync/keep-sorted.service.js';
import { compactUuid, customId } from '../../src/bot/custom-id.js';
import { SpotifyLinkExpiredError } from '../../src/services/spotify-errors.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { startSortedGenresOverBot, waitingIds } from '../support/bot/world-bot.js';
import { genreSeedTracks, type SortingWorld } from '../support/sorting-world.js';

const SPOTIFY_USER = 'spotify-revoked';
const TRACKS = genreSeedTracks(56, 'rv');
const LIKED = 40;
const ITEMS = '/playlists/{playlist_id}/items';
const EXPIRED = /link has expired[^]*`\/link`/;

/**
 * The user revokes the app's access in Spotify (its refresh token answers invalid_grant) while a
 * sync run is half written and a new-songs DM still offers songs to place, through the bot on
 * the fake Discord: every command and button that needs Spotify says to /link again and sends
 * nothing; later syncs do not try Spotify again; after /link with the same account the next sync
 * finishes the half-written run with no duplicate and no song lost.
 */
describe('a link revoked in Spotify', () => {
  let discord: FakeDiscord;
  let world: SortingWorld;
  let bot: MotherlistBot;
  let keepSorted: KeepSortedService;
  let alice: FakeUser;
  let pending: APIMessage;
  let waitingSong: string;
  let fresh: string[];

  const inSublists = () =>
    world.sublists.flatMap((s) => [...world.harness.fake.playlist(s.playlistId).trackIds]);
  const waiting = () => waitingIds(world);
  const like = (from: number, count: number) => {
    const ids = TRACKS.slice(from, from + count).map((t) => t.id);
    for (const id of ids) world.harness.fake.likeTrack(SPOTIFY_USER, id);
    return ids;
  };
  const spotifyCalls = () =>
    world.harness.fake.totalRequests('all') + world.harness.fake.tokenRequests.length;

  /** The private answer to a command, which must say the link expired and to /link again. */
  const expiredAnswer = async (name: string, options: Record<string, string>) => {
    const handle = discord.runSlashCommand({ user: alice, name, options });
    const answer = await discord.waitFor(
      () =>
        discord
          .ephemeral(alice)
          .find((m) => m.interaction_metadata?.id === handle.id && EXPIRED.test(m.content)),
      { what: `an ephemeral “expired” for /${name}` },
    );
    return answer;
  };

  beforeAll(async () => {
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000 });
    ({ alice, world, bot, keepSorted } = await startSortedGenresOverBot(
      discord,
      SPOTIFY_USER,
      TRACKS,
      LIKED,
    ));

    // A sync whose writes Spotify refuses leaves a DM with songs to place.
    like(LIKED, 3);
    const refusal = world.harness.fake.faults.add({ method: 'POST', path: ITEMS, status: 403 });
    await keepSorted.syncUser(alice.id).catch(() => undefined);
    world.harness.fake.faults.remove(refusal);
    pending = discord.dms(alice).at(-1)!;
    const waits = [...(await waiting())];
    expect(waits.length).toBeGreaterThan(0);
    waitingSong = waits[0]!;

    // A sync run cut short after its first write (Spotify fails the rest for now).
    fresh = like(LIKED + 3, 9);
    const outage = world.harness.fake.faults.add({ method: 'POST', path: ITEMS, status: 503, after: 1 });
    await expect(keepSorted.syncUser(alice.id)).rejects.toThrow(/503/);
    world.harness.fake.faults.remove(outage);
    expect((await world.services.repositories.runs.unfinishedFor(world.layer.id)).length).toBe(1);
  }, 180_000);
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await world?.close();
  });

  it('the sync that meets invalid_grant marks the link expired; later syncs ask Spotify nothing', async () => {
    // Its access token is still fresh: Spotify answers it 401, and the refresh that follows invalid_grant.
    world.harness.fake.revokeGrants(SPOTIFY_USER);
    await expect(keepSorted.syncUser(alice.id)).rejects.toBeInstanceOf(SpotifyLinkExpiredError);
    expect((await world.harness.accounts.byUserId(alice.id))?.status).toBe('expired');
    const calls = spotifyCalls();
    await expect(keepSorted.syncUser(alice.id)).rejects.toBeInstanceOf(SpotifyLinkExpiredError);
    expect(spotifyCalls()).toBe(calls);
    // The half-written run waits for the link, journaled.
    expect((await world.services.repositories.runs.unfinishedFor(world.layer.id)).length).toBe(1);
  });

  it('/sort, /label, /status and the DM’s Place say to /link again and touch nothing', async () => {
    const calls = spotifyCalls();
    const before = inSublists();
    await expiredAnswer('sort', { layer: 'genres' });
    const label = await discord
      .runSlashCommand({ user: alice, name: 'label', options: { layer: 'genres' } })
      .settled({ quietMs: 300 });
    expect(label?.ephemeral).toBe(true);
    expect(label?.content).toMatch(EXPIRED);
    const status = await discord
      .runSlashCommand({ user: alice, name: 'status', options: {} })
      .waitForReply((r) => r.embeds.length > 0);
    expect(JSON.stringify(status.embeds)).toContain('link expired**: run `/link`');

    const press = discord.pressButton({
      user: alice,
      message: pending.id,
      customId: customId('pw', compactUuid(world.layer.id), waitingSong),
    });
    const place = await discord.waitFor(
      () => discord.ephemeral(alice).find((m) => m.interaction_metadata?.id === press.id),
      { what: 'the answer to Place' },
    );
    expect(place.content).toMatch(EXPIRED);
    expect(spotifyCalls()).toBe(calls);
    expect(inSublists()).toEqual(before);
    expect((await waiting()).has(waitingSong)).toBe(true);
    discord.assertNoViolations();
  });

  it('after /link with the same account, the next sync finishes the run: no song lost, none twice', async () => {
    await world.harness.link(alice.id, SPOTIFY_USER);
    await keepSorted.syncUser(alice.id);
    expect(await world.services.repositories.runs.unfinishedFor(world.layer.id)).toEqual([]);
    const all = inSublists();
    expect(all.length).toBe(new Set(all).size);
    const waits = await waiting();
    expect(fresh.filter((id) => !waits.has(id) && !all.includes(id))).toEqual([]);
    expect(fresh.filter((id) => all.includes(id))).not.toEqual([]);
    for (const s of world.sublists) {
      const ids = world.harness.fake.playlist(s.playlistId).trackIds;
      expect(ids.length).toBe(new Set(ids).size);
    }
    discord.assertNoViolations();
  });
});
