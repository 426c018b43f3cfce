import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { PromMetrics, type NamedThreadMemory } from '../metrics/prom-metrics.js';
import type { ModelPool } from '../ml/model-pool.js';
import { createMetricsRouter } from '../web/metrics.routes.js';

/** The process's Prometheus metrics when METRICS=true; otherwise nothing is counted. */
export const createMetrics = (config: Config): PromMetrics | undefined =>
  config.metrics.enabled ? new PromMetrics() : undefined;

/** `/metrics` (behind METRICS_TOKEN when set), or no route at all: a 404 like any unknown path. */
export const metricsRouters = (config: Config, metrics: PromMetrics | undefined) =>
  metrics
    ? [createMetricsRouter({ scrape: (names) => metrics.exposition(names), token: config.metrics.token })]
    : [];

/** The model threads' and the embedded database's memory in /metrics, read when scraped. */
export const measureThreads = (
  metrics: PromMetrics | undefined,
  pool: Pick<ModelPool, 'threadMemory'>,
  database: Pick<Database, 'embedded'>,
): void =>
  metrics?.readThreadMemoryWith(async () => {
    const [models, embedded] = await Promise.all([pool.threadMemory(), database.embedded?.threadMemory()]);
    const named: NamedThreadMemory[] = models.map((memory, i) => ({ thread: `model-${i + 1}`, memory }));
    return embedded ? [...named, { thread: 'database', memory: embedded }] : named;
  });
