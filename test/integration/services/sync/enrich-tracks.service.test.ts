import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../../src/db/database.js';
import { LibraryEntryEntity, TrackEntity, UserEntity } from '../../../../src/db/entities/index.js';
import { EnrichmentRepository } from '../../../../src/db/repositories/enrichment.repository.js';
import { createEnrichmentSources } from '../../../../src/enrich/enrichment-sources.js';
import { enrichAfterSync } from '../../../../src/jobs/enrich.job.js';
import { EnrichTracksService } from '../../../../src/services/sync/enrich-tracks.service.js';
import { FakeLastfm } from '../../../fakes/enrich/lastfm.fake.js';
import { FakeMusicBrainz } from '../../../fakes/enrich/musicbrainz.fake.js';
import { FakeReccoBeats } from '../../../fakes/enrich/reccobeats.fake.js';
import { fastPolicy } from '../../../support/fast-policy.js';
import { openTestDatabase } from '../../../support/test-database.js';

const id = (n: number): string => `tr${String(n).padStart(20, '0')}`;
const isrc = (n: number): string => `USXYZ${String(n).padStart(7, '0')}`;
const TRACKS = 30;

describe('EnrichTracksService with the three providers', () => {
  let database: Database;
  let reccobeats: FakeReccoBeats;
  let musicbrainz: FakeMusicBrainz;
  let lastfm: FakeLastfm;
  let repository: EnrichmentRepository;

  const fakes = () => [reccobeats, musicbrainz, lastfm];
  const requestCount = () => fakes().reduce((sum, fake) => sum + fake.requests.length, 0);

  const service = (cooldownMs = 60_000) => {
    const policy = fastPolicy({ breaker: { failureThreshold: 3, cooldownMs } });
    const sources = createEnrichmentSources(
      {
        reccobeatsApiUrl: reccobeats.url,
        musicbrainzApiUrl: musicbrainz.url,
        lastfmApiKey: 'key',
        lastfmApiUrl: `${lastfm.url}/2.0`,
        publicUrl: 'http://127.0.0.1:3000',
      },
      repository,
      { policies: { reccobeats: policy, musicbrainz: policy, lastfm: policy }, timeoutMs: 2000 },
    );
    return new EnrichTracksService(repository, sources, { chunkSize: 12 });
  };

  const stored = async (n: number) =>
    database.dataSource.getRepository(TrackEntity).findOneByOrFail({ id: id(n) });

  beforeAll(async () => {
    database = await openTestDatabase();
    repository = new EnrichmentRepository(database.dataSource);
    [reccobeats, musicbrainz, lastfm] = await Promise.all([
      new FakeReccoBeats().start(),
      new FakeMusicBrainz().start(),
      new FakeLastfm('key').start(),
    ]);
    // Every third track is unknown to ReccoBeats; every other one has MusicBrainz tags; Last.fm knows the artist.
    for (let n = 0; n < TRACKS; n++) {
      if (n % 3 !== 0)
        reccobeats.tracks.set(id(n), { isrc: isrc(n), features: { energy: 0.5, tempo: 100 + n } });
      if (n % 2 === 0)
        musicbrainz.recordings.set(isrc(n), [
          {
            title: `Song ${n}`,
            genres: [{ name: 'Hip-Hop', count: 3 }],
            tags: [{ name: 'west coast', count: 1 }],
          },
        ]);
    }
    lastfm.setArtistTags('Artist', [
      { name: 'hip hop', count: 100 },
      { name: 'rap', count: 80 },
    ]);
  });
  afterAll(async () => {
    await Promise.all(fakes().map((f) => f.close()));
    await database.close();
  });
  beforeEach(async () => {
    for (const fake of fakes()) {
      fake.requests.length = 0;
      fake.outage = undefined;
    }
    await database.dataSource.query('delete from library_entries');
    await database.dataSource.query('delete from tracks');
    await database.dataSource.query('delete from users');
    await database.dataSource.query('delete from enrichment_cache');
    await database.dataSource.getRepository(UserEntity).insert({ id: 'u1' });
    await database.dataSource.getRepository(TrackEntity).insert(
      Array.from({ length: TRACKS }, (_, n) => ({
        id: id(n),
        name: `Song ${n}`,
        artists: [{ name: 'Artist' }],
        album: { name: 'Album' },
        isrc: isrc(n),
        audioFeatures: null,
        tags: null,
      })),
    );
    await database.dataSource.getRepository(LibraryEntryEntity).insert(
      Array.from({ length: TRACKS }, (_, n) => ({
        userId: 'u1',
        sourceId: 'liked',
        trackId: id(n),
        addedAt: null,
      })),
    );
  });

  it('writes audio features and merged tags into the tracks, and a second pass makes no request', async () => {
    const summary = await enrichAfterSync(service())({ userId: 'u1' });

    expect(summary).toMatchObject({
      tracks: TRACKS,
      updated: TRACKS,
      withAudioFeatures: 20,
      withTags: TRACKS,
      unavailable: {},
    });
    expect((await stored(1)).audioFeatures).toEqual({ energy: 0.5, tempo: 101 });
    expect((await stored(3)).audioFeatures).toBeNull();
    expect((await stored(2)).tags).toEqual(['hip hop', 'west coast', 'rap']);
    expect((await stored(1)).tags).toEqual(['hip hop', 'rap']);
    // 30 ids in chunks of 12 → 3 ReccoBeats requests; one MusicBrainz request per ISRC; Last.fm: 30 tracks + 1 artist.
    expect(reccobeats.requests).toHaveLength(3);
    expect(musicbrainz.requests).toHaveLength(TRACKS);
    expect(lastfm.requests).toHaveLength(TRACKS + 1);

    const before = requestCount();
    const again = await service().enrichTracks([id(1), id(2), id(3)]);
    expect(requestCount()).toBe(before);
    expect(again).toMatchObject({ tracks: 3, updated: 0, withAudioFeatures: 2, withTags: 3 });
  });

  it('a provider that is down only leaves its block empty, and the next run fills it', async () => {
    musicbrainz.outage = { status: 503, body: { error: 'down' } };
    lastfm.outage = { status: 503, body: { error: 16, message: 'The service is temporarily unavailable' } };
    const summary = await service(50).enrichLibrary('u1');

    expect(summary.unavailable).toEqual({ musicbrainz: TRACKS, lastfm: TRACKS });
    expect(summary.withAudioFeatures).toBe(20);
    expect(summary.withTags).toBe(0);
    // The circuit opened after 3 failing calls of 3 tries; later chunks got one trial each (cooldown 50 ms).
    expect(musicbrainz.requests.length).toBeLessThanOrEqual(9 + 2 * 3);
    expect((await stored(1)).audioFeatures).toEqual({ energy: 0.5, tempo: 101 });
    expect((await stored(2)).tags).toBeNull();

    // What sorting reads meanwhile: every track, with the missing block empty rather than absent rows.
    const rows = await database.dataSource.getRepository(TrackEntity).find();
    expect(rows).toHaveLength(TRACKS);
    expect(rows.every((row) => row.tags === null)).toBe(true);

    musicbrainz.outage = undefined;
    lastfm.outage = undefined;
    await new Promise((resolve) => setTimeout(resolve, 60));
    const recovered = await service(50).enrichLibrary('u1');
    expect(recovered.unavailable).toEqual({});
    expect((await stored(2)).tags).toEqual(['hip hop', 'west coast', 'rap']);
  });

  it('an outage never erases blocks that were already known', async () => {
    await service().enrichTracks([id(2)]);
    await database.dataSource.query('delete from enrichment_cache');
    reccobeats.outage = { status: 500, body: {} };
    musicbrainz.outage = { status: 503, body: {} };
    lastfm.outage = { status: 503, body: {} };

    const summary = await service().enrichTracks([id(2)]);
    expect(summary.updated).toBe(0);
    expect((await stored(2)).tags).toEqual(['hip hop', 'west coast', 'rap']);
    expect((await stored(2)).audioFeatures).toEqual({ energy: 0.5, tempo: 102 });
  });
});
