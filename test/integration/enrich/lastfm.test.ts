import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { EnrichmentRepository } from '../../../src/db/repositories/enrichment.repository.js';
import type { EnrichableTrack } from '../../../src/core/enrichment-records.js';
import { DEFAULT_FRESHNESS } from '../../../src/enrich/enrichment-cache.js';
import { LastfmClient } from '../../../src/enrich/lastfm.client.js';
import { LastfmSource } from '../../../src/enrich/lastfm.source.js';
import { ProviderGate } from '../../../src/enrich/provider-gate.js';
import { FakeLastfm } from '../../fakes/enrich/lastfm.fake.js';
import { openTestDatabase } from '../../support/test-database.js';
import { fastPolicy } from '../../support/fast-policy.js';

const track = (id: string, artist: string, name: string): EnrichableTrack => ({
  id,
  name,
  artists: [{ name: artist }],
});

describe('Last.fm over HTTP', () => {
  let database: Database;
  let fake: FakeLastfm;
  let store: EnrichmentRepository;

  beforeAll(async () => {
    database = await openTestDatabase();
    store = new EnrichmentRepository(database.dataSource);
    fake = await new FakeLastfm('good-key').start();
  });
  afterAll(async () => {
    await fake.close();
    await database.close();
  });
  beforeEach(async () => {
    fake.requests.length = 0;
    fake.rateLimitNext = 0;
    fake.topTags.clear();
    await database.dataSource.query('delete from enrichment_cache');
  });

  const build = (apiKey = 'good-key') => {
    const gate = new ProviderGate('lastfm', fastPolicy());
    const client = new LastfmClient(gate, {
      baseUrl: fake.url,
      apiKey,
      userAgent: 'Motherlist/0.1 ( test )',
      timeoutMs: 2000,
      minCount: 10,
      limit: 3,
    });
    return { gate, source: new LastfmSource(client, store, DEFAULT_FRESHNESS) };
  };

  it('merges the track top tags with its artist top tags, dropping weak ones', async () => {
    fake.setTrackTags('Cher', 'Believe', [
      { name: 'pop', count: 100 },
      { name: 'dance', count: 60 },
      { name: 'seen on tv', count: 2 },
    ]);
    fake.setArtistTags('Cher', [
      { name: 'Diva', count: 100 },
      { name: '80s', count: 40 },
      { name: 'disco', count: 30 },
      { name: 'female vocalists', count: 20 },
    ]);
    const answers = await build().source.tags([track('t1', 'Cher', 'Believe')]);
    expect(answers.get('t1')).toEqual({ status: 'found', value: ['pop', 'dance', 'Diva', '80s', 'disco'] });
    expect(fake.countMethod('track.getTopTags')).toBe(1);
    expect(fake.countMethod('artist.getTopTags')).toBe(1);
  });

  it('asks for an artist once however many of its tracks there are, and not again on a second pass', async () => {
    fake.setArtistTags('Cher', [{ name: 'pop', count: 100 }]);
    const tracks = [
      track('t1', 'Cher', 'Believe'),
      track('t2', 'Cher', 'Strong Enough'),
      track('t3', 'cher', "Dov'è l'amore"),
    ];
    const first = await build().source.tags(tracks);
    expect(fake.countMethod('artist.getTopTags')).toBe(1);
    expect(fake.countMethod('track.getTopTags')).toBe(3);
    expect(first.get('t2')).toEqual({ status: 'found', value: ['pop'] });
    const count = fake.requests.length;
    await build().source.tags(tracks);
    expect(fake.requests.length).toBe(count);
  });

  it('backs off and retries on error 29 (rate limit exceeded)', async () => {
    fake.setTrackTags('Björk', 'Jóga', [{ name: 'electronic', count: 100 }]);
    fake.rateLimitNext = 2;
    const answers = await build().source.tags([track('t1', 'Björk', 'Jóga')]);
    expect(answers.get('t1')).toEqual({ status: 'found', value: ['electronic'] });
    expect(fake.requests).toHaveLength(4);
  });

  it('answers unknown tracks as absent (error 6)', async () => {
    const answers = await build().source.tags([track('t1', 'Nobody', 'Nothing')]);
    expect(answers.get('t1')).toEqual({ status: 'absent' });
  });

  it('a refused key opens the circuit without retries and leaves tracks unavailable', async () => {
    const { gate, source } = build('wrong-key');
    const tracks = Array.from({ length: 10 }, (_, n) => track(`t${n}`, `Artist ${n}`, `Song ${n}`));
    const answers = await source.tags(tracks);
    expect([...answers.values()].every((a) => a.status === 'unavailable')).toBe(true);
    expect(gate.circuit).toBe('open');
    expect(fake.requests).toHaveLength(3);
  });
});
