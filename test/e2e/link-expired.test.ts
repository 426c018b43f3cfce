import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotPorts } from '../../src/composition/bot-ports.js';
import { createBotServices, type BotServiceSet } from '../../src/composition/bot-services.js';
import { createRepositories } from '../../src/composition/repositories.js';
import type { MotherlistBot } from '../../src/bot/start-bot.js';
import { createSortingServices, type SortingServices } from '../../src/composition/sorting.js';
import { SpotifyLinkExpiredError } from '../../src/services/spotify-errors.js';
import { SpotifyPlaylistWriter } from '../../src/spotify/playlist-writer.js';
import { allComponents, startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/index.js';
import { deployAndStartBot } from '../support/bot/bot-harness.js';
import { startTestModelPool } from '../support/model-pool.js';
import { likedOf, makeTracks } from '../support/spotify/seed.js';
import { startLinkWebApp, type LinkWebApp } from '../support/spotify/link-web-app.js';

const SPOTIFY_USER = 'dora-spotify';

/**
 * Issue 24 item 3: after Spotify refused the refresh token (invalid_grant), /sort answered
 * "Sorted Dora D1: +0 −0" as if it had worked. Every command that needs Spotify now says the link
 * expired, with a button to link again, and sends nothing to Spotify.
 */
describe('a dead Spotify link on the fake Discord and the fake Spotify', () => {
  let app: LinkWebApp;
  let discord: FakeDiscord;
  let sorting: SortingServices;
  let set: BotServiceSet;
  let bot: MotherlistBot;
  let dora: FakeUser;
  const tracks = makeTracks('dora', 16);
  const pool = startTestModelPool();

  beforeAll(async () => {
    app = await startLinkWebApp();
    const { harness } = app;
    harness.fake.addUser({ id: SPOTIFY_USER, displayName: 'Dora' });
    harness.fake.seedLibrary(SPOTIFY_USER, { tracks, liked: likedOf(tracks) });
    discord = await startFakeDiscord({ waitTimeoutMs: 60_000, users: ['dora'] });
    dora = discord.user('dora');
    await harness.link(dora.id, SPOTIFY_USER);
    await harness.sync.syncLibrary(dora.id);
    const writer = new SpotifyPlaylistWriter(harness.sessions);
    sorting = createSortingServices(harness.database, {
      writer,
      modelWork: pool,
      trainOptions: { epochs: 5, folds: 2 },
    });
    const ports = createBotPorts({
      link: app.service,
      spotify: harness.sessions,
      playlistReader: writer,
      sorting,
    });
    set = createBotServices(createRepositories(harness.database), ports, { defaultSyncIntervalMinutes: 10 });
    bot = await deployAndStartBot(discord, set);
    await set.services.layers.create(dora.id, { name: 'Dora', mutual: true, complete: true });
    for (const name of ['D1', 'D2']) await set.services.sublists.add(dora.id, 'Dora', name);
    const { layer, sublists } = await set.services.layers.requireWithSublists(dora.id, 'Dora');
    for (const [i, track] of tracks.entries())
      await sorting.repositories.labels.put(layer.id, track.id, [sublists[i % 2]!.id], 'session');
    await sorting.models.train(dora.id, layer);
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    await sorting?.close();
    await pool.close();
    await app?.close();
  });

  /** The private answer to a command that must not work, and nothing public left behind. */
  const refusal = async (name: string, options: Record<string, string>) => {
    const publicBefore = discord.messages().length;
    const handle = discord.runSlashCommand({ user: dora, name, options });
    const answer = await discord.waitFor(
      () =>
        discord
          .ephemeral(dora)
          .find((m) => m.interaction_metadata?.id === handle.id && m.content.includes('expired')),
      { what: `an ephemeral “expired” for /${name}` },
    );
    await discord.waitFor(() => (handle.reply()?.loading === true ? undefined : true));
    expect(discord.messages().length).toBe(publicBefore);
    return answer;
  };

  it('sorts while the link lives', async () => {
    const reply = await discord
      .runSlashCommand({ user: dora, name: 'sort', options: { layer: 'Dora' } })
      .settled({ quietMs: 200 });
    expect(reply?.embeds[0]?.title).toBe('Sorted Dora');
  });

  it('after invalid_grant, /sort and /undo say the link expired, offer the link button and touch nothing', async () => {
    const { harness } = app;
    harness.fake.revokeGrants(SPOTIFY_USER);
    harness.fake.expireAccessTokens(SPOTIFY_USER);
    await expect(harness.sync.syncLibrary(dora.id)).rejects.toBeInstanceOf(SpotifyLinkExpiredError);
    expect((await harness.accounts.byUserId(dora.id))?.status).toBe('expired');
    const requests = harness.fake.totalRequests('all');
    const { sublists } = await set.services.layers.requireWithSublists(dora.id, 'Dora');
    const contents = () => sublists.map((s) => [...harness.fake.playlist(s.playlistId).trackIds]);
    const before = contents();

    for (const name of ['sort', 'undo']) {
      const answer = await refusal(name, { layer: 'Dora' });
      expect(answer.content).toContain('/link');
      const button = allComponents(answer).find((c) => c.label === 'Link Spotify');
      expect(button?.url).toMatch(new RegExp(`^${app.publicUrl}/link/[A-Za-z0-9_-]{20,}$`));
    }
    expect(harness.fake.totalRequests('all')).toBe(requests);
    expect(contents()).toEqual(before);
  });
});
