import type { Config } from '../config.js';
import { createEnrichmentSources } from '../enrich/enrichment-sources.js';
import type { JobsDeps } from '../jobs/start-jobs.js';
import type { Logger } from '../logger.js';
import { EnrichTracksService } from '../services/enrich-tracks.service.js';
import type { JobQueue } from '../services/job-queue.js';
import type { Repositories } from './repositories.js';

interface LibrarySync {
  syncLibrary(userId: string): Promise<unknown>;
}

/** A library sync that queues enrichment of what it stored. */
export const enrichingSync = (library: LibrarySync, queue: JobQueue, logger: Logger): LibrarySync => ({
  syncLibrary: async (userId) => {
    const result = await library.syncLibrary(userId);
    await queue
      .queueEnrichment(userId)
      .catch((error: unknown) => logger.warn({ err: error, userId }, 'could not queue enrichment'));
    return result;
  },
});

/** What works the enrichment queue: the providers of the configuration, cached in the database. */
export const createEnrichmentWork = (
  config: Config,
  repositories: Pick<Repositories, 'enrichment'>,
  logger: Logger,
): NonNullable<JobsDeps['enrichment']> => {
  const store = repositories.enrichment;
  const sources = createEnrichmentSources({ ...config.enrichment, publicUrl: config.publicUrl }, store, {
    onFailure: (failure) =>
      logger.warn(
        { provider: failure.provider, unavailable: failure.unavailable, err: failure.error },
        'enrichment provider unavailable',
      ),
  });
  return {
    service: new EnrichTracksService(store, sources),
    onDone: (summary) => logger.info(summary, 'enrichment done'),
  };
};
