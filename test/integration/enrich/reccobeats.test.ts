import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { EnrichmentRepository } from '../../../src/db/repositories/enrichment.repository.js';
import type { EnrichableTrack } from '../../../src/core/enrichment-records.js';
import { DEFAULT_FRESHNESS } from '../../../src/enrich/enrichment-cache.js';
import { ProviderGate } from '../../../src/enrich/provider-gate.js';
import { ReccoBeatsClient } from '../../../src/enrich/reccobeats.client.js';
import { ReccoBeatsSource } from '../../../src/enrich/reccobeats.source.js';
import { FakeReccoBeats } from '../../fakes/enrich/reccobeats.fake.js';
import { openTestDatabase } from '../../support/test-database.js';
import { fastPolicy } from '../../support/fast-policy.js';

/** A valid-looking 22-character Spotify id. */
const spotifyId = (n: number): string => `rb${String(n).padStart(20, '0')}`;
const track = (n: number): EnrichableTrack => ({
  id: spotifyId(n),
  name: `Song ${n}`,
  artists: [{ name: 'A' }],
});

describe('ReccoBeats over HTTP', () => {
  let database: Database;
  let fake: FakeReccoBeats;
  let store: EnrichmentRepository;

  beforeAll(async () => {
    database = await openTestDatabase();
    store = new EnrichmentRepository(database.dataSource);
    fake = await new FakeReccoBeats().start();
  });
  afterAll(async () => {
    await fake.close();
    await database.close();
  });
  beforeEach(async () => {
    fake.requests.length = 0;
    fake.outage = undefined;
    fake.tracks.clear();
    await database.dataSource.query('delete from enrichment_cache');
  });

  const source = () => {
    const gate = new ProviderGate('reccobeats', fastPolicy());
    const client = new ReccoBeatsClient(gate, {
      baseUrl: fake.url,
      userAgent: 'Motherlist/0.1 ( test )',
      timeoutMs: 2000,
    });
    return { gate, source: new ReccoBeatsSource(client, store, DEFAULT_FRESHNESS) };
  };

  it('asks 40 ids a request, keeps what is known, and answers the rest as absent', async () => {
    for (let n = 0; n < 100; n += 2)
      fake.tracks.set(spotifyId(n), { features: { energy: n / 100, tempo: 120 + n } });
    const tracks = Array.from({ length: 100 }, (_, n) => track(n));
    const answers = await source().source.audioFeatures(tracks);

    expect(fake.count('/v1/audio-features')).toBe(3);
    expect(fake.requests.map((r) => fake.idsOf(r).length)).toEqual([40, 40, 20]);
    expect(answers.get(spotifyId(10))).toEqual({ status: 'found', value: { energy: 0.1, tempo: 130 } });
    expect(answers.get(spotifyId(11))).toEqual({ status: 'absent' });
    expect([...answers.values()].filter((a) => a.status === 'found')).toHaveLength(50);
  });

  it('answers a second pass from the cache without a request, "not found" included', async () => {
    fake.tracks.set(spotifyId(1), { features: { valence: 0.7 } });
    const tracks = [track(1), track(2)];
    const first = await source().source.audioFeatures(tracks);
    const requests = fake.requests.length;
    const second = await source().source.audioFeatures(tracks);

    expect(requests).toBe(1);
    expect(fake.requests).toHaveLength(1);
    expect(second).toEqual(first);
    expect(second.get(spotifyId(2))).toEqual({ status: 'absent' });
  });

  it('asks again once a cached answer is stale', async () => {
    const tracks = [track(1)];
    await source().source.audioFeatures(tracks);
    await database.dataSource.query(`update enrichment_cache set fetched_at = now() - interval '400 days'`);
    fake.tracks.set(spotifyId(1), { features: { energy: 0.5 } });
    const answers = await source().source.audioFeatures(tracks);
    expect(fake.requests).toHaveLength(2);
    expect(answers.get(spotifyId(1))).toEqual({ status: 'found', value: { energy: 0.5 } });
  });

  it('waits and retries after a 429 with Retry-After', async () => {
    fake.tracks.set(spotifyId(3), { features: { danceability: 0.9 } });
    fake.scripted.push({
      status: 429,
      body: { error: 'Too Many Requests' },
      headers: { 'retry-after': '0' },
    });
    const answers = await source().source.audioFeatures([track(3)]);
    expect(fake.requests).toHaveLength(2);
    expect(answers.get(spotifyId(3))?.status).toBe('found');
  });

  it('opens its circuit when the service is down and leaves the block unavailable, caching nothing', async () => {
    fake.outage = { status: 502, body: { error: 'Bad Gateway' } };
    const { gate, source: rb } = source();
    const tracks = Array.from({ length: 400 }, (_, n) => track(n));
    const answers = await rb.audioFeatures(tracks);

    expect([...answers.values()].every((a) => a.status === 'unavailable')).toBe(true);
    expect(gate.circuit).toBe('open');
    // 3 failed calls (the threshold) of 3 tries each; the other 7 batches never went out.
    expect(fake.requests).toHaveLength(9);
    expect(
      await store.readCache(
        'reccobeats',
        tracks.map((t) => t.id),
      ),
    ).toHaveProperty('size', 0);
  });
});
