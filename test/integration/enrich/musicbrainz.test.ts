import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { EnrichmentRepository } from '../../../src/db/repositories/enrichment.repository.js';
import type { EnrichableTrack } from '../../../src/core/enrichment-records.js';
import { DEFAULT_FRESHNESS } from '../../../src/enrich/enrichment-cache.js';
import { userAgentFor } from '../../../src/enrich/enrichment-sources.js';
import { MusicBrainzClient } from '../../../src/enrich/musicbrainz.client.js';
import { MusicBrainzSource } from '../../../src/enrich/musicbrainz.source.js';
import { ProviderGate, type ProviderPolicy } from '../../../src/enrich/provider-gate.js';
import { FakeMusicBrainz } from '../../fakes/enrich/musicbrainz.fake.js';
import { openTestDatabase } from '../../support/test-database.js';
import { fastPolicy } from '../../support/fast-policy.js';

const track = (id: string, isrc?: string): EnrichableTrack => ({
  id,
  name: id,
  artists: [{ name: 'A' }],
  ...(isrc ? { isrc } : {}),
});

describe('MusicBrainz over HTTP', () => {
  let database: Database;
  let fake: FakeMusicBrainz;
  let store: EnrichmentRepository;

  beforeAll(async () => {
    database = await openTestDatabase();
    store = new EnrichmentRepository(database.dataSource);
    fake = await new FakeMusicBrainz().start();
  });
  afterAll(async () => {
    await fake.close();
    await database.close();
  });
  beforeEach(async () => {
    fake.requests.length = 0;
    fake.outage = undefined;
    fake.busyNext = 0;
    fake.recordings.clear();
    await database.dataSource.query('delete from enrichment_cache');
  });

  const build = (policy: ProviderPolicy = fastPolicy()) => {
    const gate = new ProviderGate('musicbrainz', policy);
    const client = new MusicBrainzClient(gate, {
      baseUrl: fake.url,
      userAgent: userAgentFor('https://bot.example.org'),
      timeoutMs: 2000,
    });
    return { gate, source: new MusicBrainzSource(client, store, DEFAULT_FRESHNESS) };
  };

  it('looks recordings up by ISRC with a descriptive User-Agent: their tags (genres among them) by votes', async () => {
    fake.recordings.set('GBAYE0601498', [
      { title: 'One', genres: [{ name: 'rock', count: 2 }], tags: [{ name: 'british', count: 1 }] },
      {
        title: 'One (live)',
        genres: [{ name: 'alternative rock', count: 5 }],
        tags: [{ name: 'live', count: 3 }],
      },
    ]);
    const answers = await build().source.tags([track('t1', 'gb-aye-06-01498')]);

    expect(answers.get('t1')).toEqual({
      status: 'found',
      value: ['alternative rock', 'live', 'rock', 'british'],
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.path).toBe('/ws/2/isrc/GBAYE0601498');
    // The isrc resource refuses inc=genres (musicbrainz-server's ISRC.pm): tags carry the genres.
    expect(fake.requests[0]?.query.get('inc')).toBe('tags');
    expect(fake.requests[0]?.userAgent).toBe('Motherlist/0.1 ( https://bot.example.org )');
  });

  it('answers 400 to an inc the isrc resource does not take, as the real server does', async () => {
    fake.recordings.set('GBAYE0601498', [{ title: 'One', genres: [{ name: 'rock', count: 2 }] }]);
    const refused = await fetch(`${fake.url}/ws/2/isrc/GBAYE0601498?inc=tags+genres&fmt=json`, {
      headers: { 'user-agent': 'Motherlist/0.1 ( https://bot.example.org )' },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe(
      'genres is not a valid inc parameter for the isrc resource.',
    );
  });

  it('retries 503 "busy" answers', async () => {
    fake.recordings.set('USUM71703861', [{ title: 'x', genres: [{ name: 'pop', count: 1 }] }]);
    fake.busyNext = 2;
    const answers = await build().source.tags([track('t1', 'USUM71703861')]);
    expect(answers.get('t1')).toEqual({ status: 'found', value: ['pop'] });
    expect(fake.requests).toHaveLength(3);
  });

  it('caches unknown ISRCs as not found and never asks for tracks without one', async () => {
    const tracks = [track('t1', 'USAAA0000001'), track('t2'), track('t3', 'not an isrc')];
    const first = await build().source.tags(tracks);
    expect(fake.requests).toHaveLength(1);
    const second = await build().source.tags(tracks);
    expect(fake.requests).toHaveLength(1);
    expect([...second.values()]).toEqual([{ status: 'absent' }, { status: 'absent' }, { status: 'absent' }]);
    expect(second).toEqual(first);
  });

  it('keeps to its rate limit', async () => {
    for (let n = 0; n < 4; n++)
      fake.recordings.set(`USAAA000000${n}`, [{ title: 'x', tags: [{ name: 'jazz', count: 1 }] }]);
    const policy = fastPolicy({ rateLimit: { maxConcurrent: 1, minTimeMs: 60 } });
    await build(policy).source.tags([0, 1, 2, 3].map((n) => track(`t${n}`, `USAAA000000${n}`)));
    expect(fake.requests).toHaveLength(4);
    // Arrival times carry network jitter; the span of four requests 60 ms apart cannot.
    const span = (fake.requests[3]?.at ?? 0) - (fake.requests[0]?.at ?? 0);
    expect(span).toBeGreaterThanOrEqual(150);
  });

  it('gives up on a provider that stays busy, leaving its tracks unavailable', async () => {
    fake.busyNext = 1_000;
    const { gate, source } = build();
    const tracks = Array.from({ length: 20 }, (_, n) => track(`t${n}`, `USAAA${String(n).padStart(7, '0')}`));
    const answers = await source.tags(tracks);
    expect([...answers.values()].every((a) => a.status === 'unavailable')).toBe(true);
    expect(gate.circuit).toBe('open');
    expect(fake.requests).toHaveLength(9);
  });
});
