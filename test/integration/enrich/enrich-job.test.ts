import type { PgBoss } from 'pg-boss';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { LibraryEntryEntity, TrackEntity, UserEntity } from '../../../src/db/entities/index.js';
import { EnrichmentRepository } from '../../../src/db/repositories/enrichment.repository.js';
import { createEnrichmentSources } from '../../../src/enrich/enrichment-sources.js';
import { registerEnrichWorker, requestEnrichment } from '../../../src/jobs/enrich.job.js';
import { startPgBoss } from '../../../src/jobs/pg-boss.js';
import type { EnrichmentSummary } from '../../../src/services/sync/enrich-tracks.service.js';
import { EnrichTracksService } from '../../../src/services/sync/enrich-tracks.service.js';
import { FakeMusicBrainz } from '../../fakes/enrich/musicbrainz.fake.js';
import { FakeReccoBeats } from '../../fakes/enrich/reccobeats.fake.js';
import { openTestDatabase } from '../../support/test-database.js';
import { fastPolicy } from '../../support/fast-policy.js';

const TRACK = 'job0000000000000000001';

describe('enrichment as a pg-boss job', () => {
  let database: Database;
  let boss: PgBoss;
  let reccobeats: FakeReccoBeats;
  let musicbrainz: FakeMusicBrainz;

  beforeAll(async () => {
    database = await openTestDatabase();
    [reccobeats, musicbrainz] = await Promise.all([
      new FakeReccoBeats().start(),
      new FakeMusicBrainz().start(),
    ]);
    reccobeats.tracks.set(TRACK, { features: { energy: 0.9 } });
    musicbrainz.recordings.set('GBAAA2400001', [
      { title: 'x', genres: [{ name: 'drum and bass', count: 2 }] },
    ]);
    await database.dataSource.getRepository(UserEntity).insert({ id: 'u1' });
    await database.dataSource.getRepository(TrackEntity).insert({
      id: TRACK,
      name: 'Song',
      artists: [{ name: 'A' }],
      album: {},
      isrc: 'GBAAA2400001',
      audioFeatures: null,
      tags: null,
    });
    await database.dataSource
      .getRepository(LibraryEntryEntity)
      .insert({ userId: 'u1', sourceId: 'liked', trackId: TRACK, addedAt: null });
    boss = await startPgBoss(database.url, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, timeout: 2000 });
    await Promise.all([reccobeats.close(), musicbrainz.close()]);
    await database.close();
  });

  it('enriches the user library when a job is queued after a sync', async () => {
    const repository = new EnrichmentRepository(database.dataSource);
    const sources = createEnrichmentSources(
      {
        reccobeatsApiUrl: reccobeats.url,
        musicbrainzApiUrl: musicbrainz.url,
        lastfmApiKey: undefined,
        lastfmApiUrl: 'http://127.0.0.1:9',
        publicUrl: 'http://127.0.0.1:3000',
      },
      repository,
      { policies: { reccobeats: fastPolicy(), musicbrainz: fastPolicy() } },
    );
    let finish: (summary: EnrichmentSummary) => void = () => {};
    const done = new Promise<EnrichmentSummary>((resolve) => (finish = resolve));
    await registerEnrichWorker(boss, new EnrichTracksService(repository, sources), (summary) =>
      finish(summary),
    );
    expect(await requestEnrichment(boss, { userId: 'u1' })).toEqual(expect.any(String));

    const summary = await done;
    expect(summary).toMatchObject({ tracks: 1, updated: 1, withAudioFeatures: 1, withTags: 1 });
    const row = await database.dataSource.getRepository(TrackEntity).findOneByOrFail({ id: TRACK });
    expect(row.audioFeatures).toEqual({ energy: 0.9 });
    expect(row.tags).toEqual(['drum and bass']);
  });
});
