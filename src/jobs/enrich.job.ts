import type PgBoss from 'pg-boss';
import type { EnrichmentSummary, EnrichTracksService } from '../services/enrich-tracks.service.js';

export const ENRICH_QUEUE = 'enrich-tracks';

/** A user's whole synced library, or the tracks a sync just added. */
export type EnrichJobData = { userId: string } | { trackIds: string[] };

/** The job handler: enrichment after a sync, in the background so a label session never waits for it. */
export const enrichAfterSync =
  (service: EnrichTracksService) =>
  (data: EnrichJobData): Promise<EnrichmentSummary> =>
    'userId' in data ? service.enrichLibrary(data.userId) : service.enrichTracks(data.trackIds);

// MusicBrainz answers one ISRC a second, so a first sync of a large library takes a while.
const EXPIRE_IN_HOURS = 6;

export const registerEnrichWorker = async (boss: PgBoss, service: EnrichTracksService): Promise<void> => {
  await boss.createQueue(ENRICH_QUEUE, { name: ENRICH_QUEUE, expireInHours: EXPIRE_IN_HOURS, retryLimit: 2 });
  const handle = enrichAfterSync(service);
  await boss.work<EnrichJobData>(ENRICH_QUEUE, { batchSize: 1 }, async (jobs) => {
    for (const job of jobs) await handle(job.data);
  });
};

/** Queues enrichment; call it when a sync has stored new tracks. */
export const requestEnrichment = (boss: PgBoss, data: EnrichJobData): Promise<string | null> =>
  boss.send(ENRICH_QUEUE, data, { expireInHours: EXPIRE_IN_HOURS });
