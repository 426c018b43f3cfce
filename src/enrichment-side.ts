import type { PgBoss } from 'pg-boss';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { EnrichmentRepository } from './db/repositories/enrichment.repository.js';
import { createEnrichmentSources } from './enrich/enrichment-sources.js';
import { registerEnrichWorker, requestEnrichment } from './jobs/enrich.job.js';
import type { Logger } from './logger.js';
import { EnrichTracksService } from './services/enrich-tracks.service.js';

/** A library sync that queues enrichment of what it stored, once the job queue is up. */
export class EnrichingLibrary {
  private boss: PgBoss | undefined;

  constructor(
    private readonly library: { syncLibrary(userId: string): Promise<unknown> },
    private readonly logger: Logger,
  ) {}

  async syncLibrary(userId: string): Promise<unknown> {
    const result = await this.library.syncLibrary(userId);
    if (this.boss) {
      await requestEnrichment(this.boss, { userId }).catch((error: unknown) =>
        this.logger.warn({ err: error, userId }, 'could not queue enrichment'),
      );
    }
    return result;
  }

  /** Works the enrichment queue on `boss` and queues enrichment after every sync from now on. */
  async start(config: Config, database: Database, boss: PgBoss): Promise<void> {
    const store = new EnrichmentRepository(database.dataSource);
    const sources = createEnrichmentSources({ ...config.enrichment, publicUrl: config.publicUrl }, store, {
      onFailure: (failure) =>
        this.logger.warn(
          { provider: failure.provider, unavailable: failure.unavailable, err: failure.error },
          'enrichment provider unavailable',
        ),
    });
    await registerEnrichWorker(boss, new EnrichTracksService(store, sources), (summary) =>
      this.logger.info(summary, 'enrichment done'),
    );
    this.boss = boss;
  }
}
