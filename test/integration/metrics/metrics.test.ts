import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, metricsRouters } from '../../../src/composition/metrics.js';
import { loadConfig } from '../../../src/config.js';
import { startJobs, type RunningJobs } from '../../../src/jobs/start-jobs.js';
import type { PromMetrics } from '../../../src/metrics/prom-metrics.js';
import { createWebApp } from '../../../src/web/app.js';
import { startHttpServer } from '../../../src/web/http-server.js';
import type { FakeUser } from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';
import { metricSample } from '../../support/metric-sample.js';
import { likedOf, makeTracks } from '../../support/spotify/seed.js';
import { startSpotifyHarness, type SpotifyHarness } from '../../support/spotify/spotify-harness.js';

const REQUIRED = { DISCORD_TOKEN: 'token', SPOTIFY_CLIENT_ID: 'id', SPOTIFY_CLIENT_SECRET: 'secret' };

/** The web server as a process builds it from its environment (src/composition/metrics.ts). */
const serve = async (env: Record<string, string>) => {
  const config = loadConfig({ ...REQUIRED, ...env });
  const metrics = createMetrics(config);
  const server = await startHttpServer(
    createWebApp({ checkHealth: async () => true, routers: metricsRouters(config, metrics) }),
    0,
    '127.0.0.1',
  );
  return { metrics, server, url: `http://127.0.0.1:${server.port}/metrics` };
};

describe('/metrics', () => {
  it('is off unless METRICS=true: 404 like any unknown path', async () => {
    const { metrics, server, url } = await serve({});
    try {
      expect(metrics).toBeUndefined();
      expect((await fetch(url)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('with METRICS_TOKEN answers 401 without the bearer token or with a wrong one', async () => {
    const { server, url } = await serve({ METRICS: 'true', METRICS_TOKEN: 'scrape-secret' });
    try {
      const without = await fetch(url);
      expect(without.status).toBe(401);
      expect(without.headers.get('www-authenticate')).toBe('Bearer');
      expect((await fetch(url, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
      const scraped = await fetch(url, { headers: { Authorization: 'Bearer scrape-secret' } });
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await scraped.text()).toContain('# TYPE motherlist_interactions_total counter');
    } finally {
      await server.close();
    }
  });
});

describe('/metrics?name=', () => {
  it('answers only the named metrics, and leaves the event-loop histogram to the next full scrape', async () => {
    const { server, url } = await serve({ METRICS: 'true' });
    try {
      await fetch(url);
      // A 300 ms block of the event loop, which the full scrape after it must still see.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const until = performance.now() + 300;
      while (performance.now() < until);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const named = await (
        await fetch(
          `${url}?name=nodejs_heap_size_total_bytes&name=nodejs_eventloop_lag_max_seconds&name=unknown`,
        )
      ).text();
      expect(named.match(/^# TYPE \S+/gm)).toEqual([
        '# TYPE nodejs_heap_size_total_bytes',
        '# TYPE nodejs_eventloop_lag_max_seconds',
      ]);
      expect(named).toMatch(/^nodejs_heap_size_total_bytes \d+$/m);
      const full = await (await fetch(url)).text();
      expect(Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(full)?.[1])).toBeGreaterThan(0.25);
    } finally {
      await server.close();
    }
  });
});

describe('/metrics counts real work: an interaction, a DM, a sync job and its Spotify requests', () => {
  const USER = 'discord-metrics';
  let web: Awaited<ReturnType<typeof serve>>;
  let metrics: PromMetrics;
  let bot: BotHarness;
  let spotify: SpotifyHarness;
  let jobs: RunningJobs;
  let alice: FakeUser;
  const scrape = async () => (await fetch(web.url)).text();

  beforeAll(async () => {
    web = await serve({ METRICS: 'true' });
    metrics = web.metrics!;
    bot = await startBotHarness(new SpotifySideDouble().ports(), { metrics });
    alice = bot.fake.user('alice');
    spotify = await startSpotifyHarness({ metrics });
    spotify.fake.addUser({ id: 'metrics' });
    const tracks = makeTracks('metrics', 6);
    spotify.fake.seedLibrary('metrics', {
      tracks,
      liked: likedOf(tracks.slice(0, 4)),
      playlists: [{ name: 'Mine', trackIds: [tracks[4]!.id, tracks[5]!.id] }],
    });
    await spotify.database.dataSource.query('insert into users (id) values ($1)', [USER]);
    await spotify.link(USER, 'metrics');
    jobs = await startJobs({
      databaseUrl: spotify.database.url,
      logger: pino({ level: 'silent' }),
      dueUsers: async () => [],
      syncUser: (userId) => spotify.sync.syncLibrary(userId),
      trainLayer: async () => undefined,
      resumeRuns: async () => 0,
      metrics,
    });
    // A fake Discord, a fake Spotify, two databases and pg-boss: slow to start on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await jobs?.stop();
    await spotify?.close();
    await bot?.close();
    await web?.server.close();
  });

  it('counts interactions by command and outcome, with their latency', async () => {
    await bot.fake.runSlashCommand({ user: alice, name: 'help' }).settled();
    const text = await scrape();
    const help = { kind: 'command', name: 'help', outcome: 'ok' };
    expect(metricSample(text, 'motherlist_interactions_total', help)).toBe(1);
    expect(metricSample(text, 'motherlist_interaction_duration_seconds_count', help)).toBe(1);
  });

  it('counts DMs by outcome', async () => {
    await bot.bot.notifier.sendDm(alice.id, { kind: 'text', text: 'Hello from the metrics test.' });
    expect(metricSample(await scrape(), 'motherlist_dms_total', { outcome: 'delivered' })).toBe(1);
  });

  it('counts the sync job and its Spotify requests by endpoint template and status, and shows the budget', async () => {
    await jobs.queueSync(USER);
    let text = '';
    await expect
      .poll(
        async () => {
          text = await scrape();
          return metricSample(text, 'motherlist_jobs_total', { queue: 'sync-user', outcome: 'completed' });
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(1);
    const ok = (endpoint: string) =>
      metricSample(text, 'motherlist_spotify_requests_total', { endpoint, status: '200' });
    expect(ok('/me/tracks')).toBeGreaterThanOrEqual(1);
    expect(ok('/me/playlists')).toBeGreaterThanOrEqual(1);
    expect(ok('/playlists/{playlist_id}/items')).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/endpoint="\/playlists\/[^{]/);
    const { spent } = await spotify.budget.use();
    expect(spent).toBeGreaterThan(0);
    expect(metricSample(text, 'motherlist_spotify_budget_requests', { state: 'spent' })).toBe(spent);
    expect(metricSample(text, 'motherlist_spotify_budget_requests', { state: 'limit' })).toBe(1_000_000);
    expect(text).toMatch(/^motherlist_spotify_blocked_until_seconds 0$/m);
  });
});
