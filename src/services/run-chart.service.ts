import type { Layer } from '../core/layer-records.js';
import type { ModelMetrics } from '../ml/layer-model.js';
import { UserError, UserErrorCode } from './errors.js';
import type { RunSummary } from './sort-run.service.js';
import { renderSummaryChart, summaryChartData } from './summary-chart.js';

export interface RunChartDeps {
  runs: {
    byId(id: string): Promise<{ layerId: string; modelId: string | null; summary: unknown } | undefined>;
  };
  layers: { byId(id: string): Promise<Layer | undefined> };
  models: {
    byId(id: string): Promise<{ metrics: unknown } | undefined>;
    active(layerId: string): Promise<{ metrics: unknown } | undefined>;
  };
}

/** Renders a sort run's summary chart (PNG); the bot attaches it to the /sort summary and sync DMs. */
export interface RunChartRenderer {
  chartOf(userId: string, runId: string): Promise<Buffer>;
}

/** The PNG of a sort run's summary (for the /sort and /train embeds). */
export class RunChartService implements RunChartRenderer {
  constructor(private readonly deps: RunChartDeps) {}

  async chartOf(userId: string, runId: string): Promise<Buffer> {
    const run = await this.deps.runs.byId(runId);
    const layer = run ? await this.deps.layers.byId(run.layerId) : undefined;
    if (!run || !layer || layer.userId !== userId)
      throw new UserError(UserErrorCode.StaleComponent, 'That sort run no longer exists.');
    const model =
      (run.modelId ? await this.deps.models.byId(run.modelId) : undefined) ??
      (await this.deps.models.active(layer.id));
    const perSublist = (model?.metrics as ModelMetrics | undefined)?.crossValidated?.perSublist ?? {};
    const f1 = Object.fromEntries(Object.entries(perSublist).map(([id, q]) => [id, q.f1]));
    return renderSummaryChart(summaryChartData(layer.name, run.summary as RunSummary, f1));
  }
}
