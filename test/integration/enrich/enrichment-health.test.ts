import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusView } from '../../../src/bot/views/account.view.js';
import { createBotServices } from '../../../src/composition/bot-services.js';
import { createEnrichmentWork } from '../../../src/composition/enrichment.js';
import { createRepositories, type Repositories } from '../../../src/composition/repositories.js';
import { loadConfig } from '../../../src/config.js';
import type { Database } from '../../../src/db/database.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';
import { genreTracks, insertEntries, insertTracks, insertUser } from '../../support/sort-fixtures.js';
import { openTestDatabase } from '../../support/test-database.js';
import { FakeMusicBrainz } from '../../fakes/enrich/musicbrainz.fake.js';
import { FakeReccoBeats } from '../../fakes/enrich/reccobeats.fake.js';

const USER = 'user-enrichment-health';
const TRACKS = genreTracks(200, 2, 'eh');
const REQUIRED = { DISCORD_TOKEN: 'token', SPOTIFY_CLIENT_ID: 'id', SPOTIFY_CLIENT_SECRET: 'secret' };

/** The enrichment of a process built from its configuration, with its log lines kept. */
const enrichmentOf = (repositories: Repositories, env: Record<string, string>) => {
  const lines: { level: number; msg: string; provider?: string; problem?: string }[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        done();
      },
    }),
  );
  const work = createEnrichmentWork(loadConfig({ ...REQUIRED, ...env }), repositories, logger);
  return { work, lines, errors: () => lines.filter((line) => line.level >= 50) };
};

describe('enrichment health: each provider on, off or failing, with its coverage in /status', () => {
  let database: Database;
  let repositories: Repositories;
  let reccobeats: FakeReccoBeats;
  let musicbrainz: FakeMusicBrainz;
  const statusText = async (enrichment: ReturnType<typeof enrichmentOf>['work']['health']) => {
    const { services } = createBotServices(repositories, new SpotifySideDouble().ports(), {
      defaultSyncIntervalMinutes: 10,
      enrichment,
    });
    const embed = statusView(await services.status.statusOf(USER)).embeds?.[0];
    return (embed?.fields ?? []).find((field) => field.name === 'Enrichment')?.value ?? '';
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    repositories = createRepositories(database);
    reccobeats = await new FakeReccoBeats().start();
    musicbrainz = await new FakeMusicBrainz().start();
    await insertUser(database.dataSource, USER);
    await insertTracks(database.dataSource, TRACKS);
    await insertEntries(
      database.dataSource,
      USER,
      'liked',
      TRACKS.map((t) => t.id),
    );
    for (const track of TRACKS.slice(0, 50)) reccobeats.tracks.set(track.id, { features: { energy: 0.5 } });
  });
  afterAll(async () => {
    await reccobeats?.close();
    await musicbrainz?.close();
    await database?.close();
  });

  it('a provider at a wrong base URL (every call 404) shows as not answering, and is logged as an error once with why', async () => {
    const { work, lines, errors } = enrichmentOf(repositories, {
      RECCOBEATS_API_URL: `${reccobeats.url}/wrong`,
      MUSICBRAINZ_API_URL: musicbrainz.url,
    });
    expect(lines.find((line) => line.msg === 'enrichment providers')).toMatchObject({
      reccobeats: 'on',
      musicbrainz: 'on',
      lastfm: 'off (no LASTFM_API_KEY)',
    });
    // Five requests of 40 ids, then the next run finds the circuit open.
    await work.service.enrichLibrary(USER);
    await work.service.enrichLibrary(USER);
    expect(reccobeats.requests.length).toBeGreaterThanOrEqual(3);
    expect(errors()).toEqual([
      expect.objectContaining({ provider: 'reccobeats', problem: expect.stringContaining('404') }),
    ]);
    const providers = await work.health.providersFor(USER);
    expect(errors()[0]?.problem).toContain('404 Not Found at /wrong/v1/audio-features');
    expect(providers.find((p) => p.provider === 'reccobeats')).toEqual({
      provider: 'reccobeats',
      state: 'failing',
      since: expect.any(Date),
      covered: 0,
      total: 200,
    });
    const text = await statusText(work.health);
    expect(text).toMatch(
      /^ReccoBeats \(audio features\): ⚠️ not answering since <t:\d+:R>; audio features wait until it is back · /m,
    );
    expect(text).not.toContain('404');
    expect(text).not.toContain('/wrong');
    expect(text).toContain('0 of 200 songs');
    expect(text).toContain('MusicBrainz (tags): on · 0 of 200 songs');
    expect(text).toContain('Last.fm (tags): off (no LASTFM_API_KEY)');
  });

  it('at the right URL the provider is on and covers the songs it knows', async () => {
    const { work, errors } = enrichmentOf(repositories, {
      RECCOBEATS_API_URL: reccobeats.url,
      MUSICBRAINZ_API_URL: musicbrainz.url,
    });
    await work.service.enrichLibrary(USER);
    expect(errors()).toEqual([]);
    expect(await statusText(work.health)).toContain('ReccoBeats (audio features): on · 50 of 200 songs');
  });
});
