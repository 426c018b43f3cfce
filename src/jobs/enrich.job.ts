import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { ENRICH_EXPIRE_SECONDS, QUEUES } from './queues.js';
import type { EnrichmentSummary, EnrichTracksService } from '../services/sync/enrich-tracks.service.js';

/** A user's whole synced library (the cache makes known tracks cost no request), or given tracks. */
export type EnrichJobData = { userId: string } | { trackIds: string[] };

/** The job handler: enrichment after a sync, in the background so a label session never waits for it. */
export const enrichAfterSync =
  (service: EnrichTracksService) =>
  (data: EnrichJobData): Promise<EnrichmentSummary> =>
    'userId' in data ? service.enrichLibrary(data.userId) : service.enrichTracks(data.trackIds);

/** Works the queue one job at a time; `onDone` receives each run's summary (for logs). */
export const registerEnrichWorker = async (
  boss: PgBoss,
  service: EnrichTracksService,
  onDone: (summary: EnrichmentSummary, data: EnrichJobData) => void = () => {},
): Promise<void> => {
  const handle = enrichAfterSync(service);
  await boss.work<EnrichJobData>(QUEUES.enrichTracks, { batchSize: 1 }, async ([job]) => {
    if (job) onDone(await handle(job.data), job.data);
  });
};

/** Queues enrichment; call it after a sync has stored tracks. A user's pending job absorbs repeats. */
export const requestEnrichment = (boss: PgBoss, data: EnrichJobData): Promise<string | null> =>
  boss.send(QUEUES.enrichTracks, data, {
    singletonKey: 'userId' in data ? data.userId : randomUUID(),
    expireInSeconds: ENRICH_EXPIRE_SECONDS,
  });
