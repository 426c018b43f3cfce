import type { Config } from '../config.js';
import { PromMetrics } from '../metrics/prom-metrics.js';
import { createMetricsRouter } from '../web/metrics.routes.js';

/** The process's Prometheus metrics when METRICS=true; otherwise nothing is counted. */
export const createMetrics = (config: Config): PromMetrics | undefined =>
  config.metrics.enabled ? new PromMetrics() : undefined;

/** `/metrics` (behind METRICS_TOKEN when set), or no route at all: a 404 like any unknown path. */
export const metricsRouters = (config: Config, metrics: PromMetrics | undefined) =>
  metrics ? [createMetricsRouter({ scrape: () => metrics.exposition(), token: config.metrics.token })] : [];
