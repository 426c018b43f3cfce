import type { Config } from '../config.js';
import { EnrichmentCoverage } from '../enrich/enrichment-coverage.js';
import { createEnrichmentSources } from '../enrich/enrichment-sources.js';
import { ProviderHealth } from '../enrich/provider-health.js';
import type { JobsDeps } from '../jobs/start-jobs.js';
import type { Logger } from '../logger.js';
import { EnrichTracksService } from '../services/sync/enrich-tracks.service.js';
import type { JobQueue } from '../services/ports/job-queue.js';
import type { KeepSortedDeps } from '../services/sync/keep-sorted.service.js';
import type { Repositories } from './repositories.js';

type LibrarySync = KeepSortedDeps['library'];

/** A library sync that queues enrichment of what it stored. */
export const enrichingSync = (library: LibrarySync, queue: JobQueue, logger: Logger): LibrarySync => ({
  syncLibrary: async (userId, options) => {
    const result = await library.syncLibrary(userId, options);
    await queue
      .queueEnrichment(userId)
      .catch((error: unknown) => logger.warn({ err: error, userId }, 'could not queue enrichment'));
    return result;
  },
});

/**
 * What works the enrichment queue: the providers of the configuration, cached in the database;
 * and their health for /status. Each provider's state is logged at start; one whose every call
 * fails is logged as an error once per outage.
 */
export const createEnrichmentWork = (
  config: Config,
  repositories: Pick<Repositories, 'enrichment'>,
  logger: Logger,
): NonNullable<JobsDeps['enrichment']> & { health: EnrichmentCoverage } => {
  const store = repositories.enrichment;
  const health = new ProviderHealth((provider, problem) =>
    logger.error(
      { provider, problem },
      'enrichment provider fails every call: its features stay missing until it answers (check its *_API_URL and key)',
    ),
  );
  const sources = createEnrichmentSources({ ...config.enrichment, publicUrl: config.publicUrl }, store, {
    health,
    onFailure: (failure) =>
      logger.warn(
        { provider: failure.provider, unavailable: failure.unavailable, err: failure.error },
        'enrichment provider unavailable',
      ),
  });
  logger.info(
    Object.fromEntries(
      health.states().map((s) => [s.provider, s.state === 'off' ? `off (${s.reason})` : s.state]),
    ),
    'enrichment providers',
  );
  return {
    health: new EnrichmentCoverage(store, health),
    service: new EnrichTracksService(store, sources),
    onDone: (summary) => logger.info(summary, 'enrichment done'),
  };
};
