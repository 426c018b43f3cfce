import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { EnrichmentSummary, EnrichTracksService } from '../services/enrich-tracks.service.js';

export const ENRICH_QUEUE = 'enrich-tracks';

/** A user's whole synced library (the cache makes known tracks cost no request), or given tracks. */
export type EnrichJobData = { userId: string } | { trackIds: string[] };

/** The job handler: enrichment after a sync, in the background so a label session never waits for it. */
export const enrichAfterSync =
  (service: EnrichTracksService) =>
  (data: EnrichJobData): Promise<EnrichmentSummary> =>
    'userId' in data ? service.enrichLibrary(data.userId) : service.enrichTracks(data.trackIds);

// MusicBrainz answers one ISRC a second, so the first enrichment of a large library takes a while.
const EXPIRE_IN_HOURS = 6;

/** Creates the queue and works it one job at a time; `onDone` receives each run's summary (for logs). */
export const registerEnrichWorker = async (
  boss: PgBoss,
  service: EnrichTracksService,
  onDone: (summary: EnrichmentSummary, data: EnrichJobData) => void = () => {},
): Promise<void> => {
  // stately: one queued and one active job per key, so a burst of syncs queues one enrichment per user.
  await boss.createQueue(ENRICH_QUEUE, {
    name: ENRICH_QUEUE,
    policy: 'stately',
    retryLimit: 2,
    retryBackoff: true,
    expireInHours: EXPIRE_IN_HOURS,
  });
  const handle = enrichAfterSync(service);
  await boss.work<EnrichJobData>(ENRICH_QUEUE, { batchSize: 1 }, async ([job]) => {
    if (job) onDone(await handle(job.data), job.data);
  });
};

/** Queues enrichment; call it after a sync has stored tracks. A user's pending job absorbs repeats. */
export const requestEnrichment = (boss: PgBoss, data: EnrichJobData): Promise<string | null> =>
  boss.send(ENRICH_QUEUE, data, {
    singletonKey: 'userId' in data ? data.userId : randomUUID(),
    expireInHours: EXPIRE_IN_HOURS,
  });
