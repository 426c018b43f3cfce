import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RequestPriority, withPriority } from '../../../src/core/request-priority.js';
import type { Database } from '../../../src/db/database.js';
import { SpotifyBudgetRepository } from '../../../src/db/repositories/spotify-budget.repository.js';
import { UserErrorCode, type UserError } from '../../../src/services/errors.js';
import { SpotifyBudgetError, SpotifyQuotaError } from '../../../src/services/spotify-errors.js';
import { codeChallengeOf, createCodeVerifier } from '../../../src/spotify/pkce.js';
import { TokenCipher } from '../../../src/spotify/token-cipher.js';
import { FakeSpotify } from '../../fakes/spotify/index.js';
import { openTestDatabase, testDatabaseUrl } from '../../support/test-database.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  startSpotifyHarness,
  type SpotifyHarness,
} from '../../support/spotify/spotify-harness.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';
import { type BudgetStore, SpotifyRequestBudget } from '../../../src/spotify/request-budget.js';

const HOUR = 3_600_000;

describe(`the daily Spotify budget and the quota block on ${testDatabaseUrl() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  let database: Database;
  let fake: FakeSpotify;
  let clock = Date.now();
  const now = () => clock;
  const processes: SpotifyHarness[] = [];
  const cipher = new TokenCipher([{ id: 'test', key: randomBytes(32) }]);

  /** One bot process: its own transport, limiter and budget object, on the shared database. */
  const startProcess = async (dailyBudget: number) => {
    const process = await startSpotifyHarness({ database, fake, dailyBudget, now, cipher });
    processes.push(process);
    return process;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    fake = await FakeSpotify.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: ['http://127.0.0.1/callback'],
      clock: now,
    });
    for (const name of ['ann', 'ben']) {
      const tracks = makeTracks(name, 3);
      fake.addUser({ id: name, displayName: name });
      fake.seedLibrary(name, { tracks, liked: likedOf(tracks) });
    }
  });
  afterEach(async () => {
    while (processes.length > 0) await processes.pop()!.close();
    await database.dataSource.query('delete from spotify_request_buckets');
    await database.dataSource.query('delete from spotify_quota');
    await database.dataSource.query('delete from spotify_budget');
    fake.setDailyQuota(null);
    fake.resetCounts();
    clock += 3 * 24 * HOUR;
  });
  afterAll(async () => {
    await fake?.stop();
    await database?.close();
  });

  const rejection = (work: Promise<unknown>) =>
    work.then(
      () => undefined,
      (error: unknown) => error as UserError,
    );

  it('counts the requests of every process in the database and stops at the budget', async () => {
    const one = await startProcess(6);
    const two = await startProcess(6);
    await one.link('discord-ann', 'ann');
    await two.link('discord-ben', 'ben');
    const annClient = await one.sessions.spotifyFor('discord-ann');
    const benClient = await two.sessions.spotifyFor('discord-ben');
    await annClient.me();
    await benClient.me();
    await annClient.likedTracks(0);
    await benClient.likedTracks(0);
    clock += 10 * 60_000;
    await annClient.me();
    await benClient.me();
    expect(fake.totalRequests()).toBe(6);
    expect(
      await new SpotifyBudgetRepository(database.dataSource).spentSince(new Date(clock - 24 * HOUR)),
    ).toBe(6);
    expect(await one.budget.use()).toMatchObject({ spent: 6, budget: 6 });

    const refused = await rejection(benClient.me());
    expect(refused).toBeInstanceOf(SpotifyBudgetError);
    expect(refused?.code).toBe(UserErrorCode.SpotifyBudget);
    // The first four requests leave the rolling day first.
    expect((refused as SpotifyBudgetError).until.getTime()).toBe(
      Math.floor((clock - 10 * 60_000) / 60_000) * 60_000 + 24 * HOUR,
    );
    expect(fake.totalRequests()).toBe(6);

    // A restarted process sees the same spend.
    await processes.shift()!.close();
    const restarted = await startProcess(6);
    await expect(restarted.sessions.spotifyFor('discord-ann').then((c) => c.me())).rejects.toBeInstanceOf(
      SpotifyBudgetError,
    );
    clock = (refused as SpotifyBudgetError).until.getTime();
    await expect((await restarted.sessions.spotifyFor('discord-ann')).me()).resolves.toMatchObject({
      id: 'ann',
    });
    // A day later the access token is stale on the bot's clock: a refresh (counted), then the request.
    expect(fake.totalRequests()).toBe(7);
    expect(fake.requestCounts()['POST /api/token']).toBe(1);
    expect((await restarted.budget.use()).spent).toBe(4);
  });

  it('checks and counts in one step: two processes asking at once never pass the budget together', async () => {
    const one = await startProcess(5);
    const two = await startProcess(5);
    const asked = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? one : two).budget.acquire(RequestPriority.Interactive, '/me'),
      ),
    );
    expect(asked.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    for (const outcome of asked.filter((o) => o.status === 'rejected'))
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({
        name: 'SpotifyBudgetExhaustedError',
      });
    expect((await one.budget.use()).spent).toBe(5);
  });

  it('admits one request at a time per process: hundreds at once wait in memory, not for a database connection', async () => {
    const repository = new SpotifyBudgetRepository(database.dataSource);
    let running = 0;
    let mostAtOnce = 0;
    const store: BudgetStore = Object.assign(Object.create(repository) as SpotifyBudgetRepository, {
      admit: async (...args: Parameters<SpotifyBudgetRepository['admit']>) => {
        mostAtOnce = Math.max(mostAtOnce, ++running);
        try {
          return await repository.admit(...args);
        } finally {
          running--;
        }
      },
    });
    const budget = new SpotifyRequestBudget({ store, dailyBudget: 1_000, now });
    await Promise.all(
      Array.from({ length: 200 }, () => budget.acquire(RequestPriority.Background, '/me/tracks')),
    );
    expect(mostAtOnce).toBe(1);
    expect((await budget.use()).spent).toBe(200);
  });

  it('counts the token endpoint (code exchange and refresh) and refreshes on its own clock', async () => {
    const bot = await startProcess(3);
    const verifier = createCodeVerifier();
    const callback = await fake.completeAuthorization(
      bot.oauth.authorizeUrl({ state: 'state', codeChallenge: codeChallengeOf(verifier) }),
      { userId: 'ann' },
    );
    const grant = await bot.oauth.exchangeCode(new URL(callback).searchParams.get('code')!, verifier);
    expect(grant.expiresAt).toEqual(new Date(clock + HOUR));
    expect((await bot.budget.use()).spent).toBe(1);

    await bot.link('discord-ann', 'ann');
    // Two simulated hours later the access token is stale on the bot's clock too: it refreshes
    // first instead of sending a stale token and meeting a 401.
    clock += 2 * HOUR;
    await (await bot.sessions.spotifyFor('discord-ann')).me();
    expect(fake.requestCounts()).toMatchObject({ 'POST /api/token': 2, 'GET /me': 1 });
    expect(fake.totalRequests()).toBe(1);
    expect((await bot.budget.use()).spent).toBe(3);
    // The budget is spent: the next refresh is not sent either.
    clock += 2 * HOUR;
    await expect(bot.sessions.spotifyFor('discord-ann').then((c) => c.me())).rejects.toBeInstanceOf(
      SpotifyBudgetError,
    );
    expect(fake.requestCounts()).toMatchObject({ 'POST /api/token': 2, 'GET /me': 1 });
  });

  it('stops the lowest priority first and keeps the last fifth for people waiting', async () => {
    const bot = await startProcess(10);
    await bot.link('discord-ann', 'ann');
    const client = await bot.sessions.spotifyFor('discord-ann');
    const spendAt = async (priority: RequestPriority) => {
      const before = fake.totalRequests();
      const error = await rejection(withPriority(priority, () => client.me()));
      return { sent: fake.totalRequests() - before, error };
    };
    for (let i = 0; i < 6; i++) expect((await spendAt(RequestPriority.Background)).sent).toBe(1);
    expect(await spendAt(RequestPriority.Background)).toMatchObject({
      sent: 0,
      error: expect.any(SpotifyBudgetError),
    });
    expect((await spendAt(RequestPriority.HandEdits)).sent).toBe(1);
    expect((await spendAt(RequestPriority.HandEdits)).sent).toBe(0);
    expect((await spendAt(RequestPriority.NewLikes)).sent).toBe(1);
    expect((await spendAt(RequestPriority.NewLikes)).sent).toBe(0);
    expect((await bot.budget.use()).left).toEqual({
      interactive: 2,
      'new-likes': 0,
      'hand-edits': 0,
      background: 0,
    });
    // Work nobody marked is a person's: it may use the reserve.
    expect((await spendAt(RequestPriority.Interactive)).sent).toBe(1);
    expect((await client.me()).id).toBe('ann');
    expect((await spendAt(RequestPriority.Interactive)).sent).toBe(0);
    // Postponed, not dropped: a day later every priority may spend again.
    clock += 24 * HOUR;
    expect((await spendAt(RequestPriority.Background)).error).toBeUndefined();
  });

  it('stores QUOTA_EXCEEDED so that every process, and a restarted one, waits it out, then goes on', async () => {
    const one = await startProcess(1_000);
    const two = await startProcess(1_000);
    await one.link('discord-ann', 'ann');
    await one.link('discord-ben', 'ben');
    fake.setDailyQuota({ requests: 2, retryAfterSeconds: 5 * 3600 });
    const annClient = await one.sessions.spotifyFor('discord-ann');
    await annClient.me();
    await annClient.me();
    const blocked = await rejection(annClient.me());
    expect(blocked).toBeInstanceOf(SpotifyQuotaError);
    expect(blocked?.code).toBe(UserErrorCode.SpotifyQuota);
    expect((blocked as SpotifyQuotaError).until.getTime()).toBe(clock + 5 * HOUR);
    expect(fake.totalRequests()).toBe(3);

    // The other process never heard the 429, yet sends nothing.
    const other = await rejection(two.sessions.spotifyFor('discord-ben').then((c) => c.me()));
    expect((other as SpotifyQuotaError).until.getTime()).toBe(clock + 5 * HOUR);
    // Nor does a restarted one.
    await processes.shift()!.close();
    const restarted = await startProcess(1_000);
    clock += 4 * HOUR;
    await expect(restarted.sessions.spotifyFor('discord-ann').then((c) => c.me())).rejects.toBeInstanceOf(
      SpotifyQuotaError,
    );
    expect(fake.totalRequests()).toBe(3);
    // Spotify's quota is below SPOTIFY_DAILY_BUDGET: the two requests it let through in the
    // 24 h before the block become the budget, for every process.
    expect(await restarted.budget.use()).toMatchObject({
      blockedUntil: new Date(clock + HOUR),
      budget: 2,
      configuredBudget: 1_000,
      learned: { requests: 2, at: new Date(clock - 4 * HOUR) },
    });

    clock += HOUR;
    fake.setDailyQuota(null);
    // The block is over, but the learned budget is spent until those requests leave the day.
    await expect(restarted.sessions.spotifyFor('discord-ann').then((c) => c.me())).rejects.toBeInstanceOf(
      SpotifyBudgetError,
    );
    clock += 20 * HOUR;
    expect((await (await restarted.sessions.spotifyFor('discord-ann')).me()).id).toBe('ann');
    // A refresh first: the access token is a day old on the bot's clock.
    expect(fake.requestCounts()).toMatchObject({ 'POST /api/token': 1, 'GET /me': 4 });
    expect(await restarted.budget.use()).toMatchObject({ blockedUntil: undefined, spent: 2, budget: 2 });
  });
});
