import { DiscordAPIError, type Client } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiscordNotifier } from '../../../src/bot/discord-notifier.js';
import { createSortRunService } from '../../../src/composition/sorting.js';
import { SpotifyApiError } from '../../../src/spotify/errors.js';
import { quietLogger } from '../../support/bot/bot-harness.js';
import { faultyWriter } from '../../support/faulty-writer.js';
import { MemoryPlaylists } from '../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../support/memory-run-locks.js';
import { genrePredictions, seedGenreLayerIn } from '../../support/sort-fixtures.js';
import { useTestRepositories } from '../../support/test-repositories.js';
import { LEAKY_TEXT, SECRETS } from '../../support/secrets.js';

const USER = 'discord-stored-secrets';

const expectNoSecret = (stored: string | null | undefined) => {
  expect(stored).toBeTruthy();
  for (const secret of SECRETS) expect(stored).not.toContain(secret);
  expect(stored).toContain('[redacted]');
};

/**
 * An error's text kept in our own tables (a run's error, a DM refusal's reason, which /status
 * shows) goes through the same redaction as a log line: tokens, Authorization values, the client
 * secret, OAuth codes and states, one-time link ids never reach the database.
 */
describe('error texts stored in our tables, without secrets (PGlite or PostgreSQL)', () => {
  const opened = useTestRepositories();
  const spotify = new MemoryPlaylists();
  let fault: (() => unknown) | undefined;

  const sorting = async (prefix: string) => {
    const world = await seedGenreLayerIn(opened.repositories, `${USER}-${prefix}`, { count: 6, prefix });
    const writer = faultyWriter(spotify, (call) => (call === 'addTracks' ? fault?.() : undefined));
    const service = createSortRunService(
      opened.repositories,
      new MemoryRunLocks(),
      {
        predictions: async () => genrePredictions(world.tracks, world.sublists, 0.9),
        weakness: async () => undefined,
      },
      { writer },
    );
    return { ...world, service, user: `${USER}-${prefix}` };
  };
  const storedErrorOf = async (layerId: string) =>
    (
      (await opened.database.dataSource.query('select error from sort_runs where layer_id = $1', [
        layerId,
      ])) as {
        error: string | null;
      }[]
    )[0]?.error;

  it('a run Spotify refuses for good (its body echoing the request) stores its error without the tokens', async () => {
    const { service, layer, user } = await sorting('sa');
    fault = () => new SpotifyApiError(400, undefined, 'POST', '/playlists/{playlist_id}/items', LEAKY_TEXT);
    await expect(service.sort(user, layer, { dryRun: false, everything: true })).rejects.toThrow();
    const [run] = await opened.repositories.runs.recentFor(layer.id, 1);
    expect(run?.status).toBe('failed');
    expectNoSecret(await storedErrorOf(layer.id));
  });

  it('a run failing for a cause of ours (counted, tried again) stores its error without the tokens', async () => {
    const { service, layer, user } = await sorting('sb');
    fault = () => new TypeError(`a bug ${LEAKY_TEXT}`);
    await expect(service.sort(user, layer, { dryRun: false, everything: true })).rejects.toThrow();
    const [run] = await opened.repositories.runs.recentFor(layer.id, 1);
    expect(run?.status).toBe('applying');
    expectNoSecret(await storedErrorOf(layer.id));
  });

  describe("Discord's refusal of a DM", () => {
    beforeAll(async () => {
      await opened.repositories.users.ensureUser(USER);
    });

    it('stores its reason without the tokens', async () => {
      const refusal = new DiscordAPIError(
        { code: 50007, message: `Cannot send messages to this user (${LEAKY_TEXT})` },
        50007,
        403,
        'POST',
        `https://discord.com/api/v10/channels/1/messages`,
        { files: undefined, body: {} },
      );
      const client = {
        users: { createDM: async () => ({ send: async () => Promise.reject(refusal) }) },
      } as unknown as Client;
      const notifier = new DiscordNotifier(client, opened.repositories.users, quietLogger);
      expect(await notifier.sendDm(USER, { kind: 'text', text: 'hello' })).toEqual({
        delivered: false,
        reason: 'dms-closed',
      });
      const [row] = (await opened.database.dataSource.query(
        'select dm_failure_reason from users where id = $1',
        [USER],
      )) as { dm_failure_reason: string | null }[];
      expectNoSecret(row?.dm_failure_reason);
      expect(row?.dm_failure_reason).toContain('Discord error 50007: Cannot send messages to this user');
    });
  });
});
