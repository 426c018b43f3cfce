import type { Layer } from '../../core/layer-records.js';
import type { ModelMetrics } from '../../ml/layer-model.js';
import { UserError } from '../errors.js';
import type { RunSummary } from './run-summary.js';

export interface SummaryChartData {
  title: string;
  /** How the motherlist splits: tracks per sublist after the run, then the void. */
  split: { name: string; count: number; isVoid?: boolean }[];
  /** The model's cross-validated F1 per sublist; undefined when not measured. */
  quality: { name: string; f1: number | undefined }[];
}

/** Builds the chart's data from a run's summary and the model's per-sublist quality. */
export const summaryChartData = (
  layerName: string,
  summary: RunSummary,
  f1BySublist: Readonly<Record<string, number | undefined>>,
): SummaryChartData => ({
  title: `${layerName}: ${summary.perSublist.reduce((sum, s) => sum + s.total, 0)} placements`,
  split: [
    ...summary.perSublist.map((s) => ({ name: s.name, count: s.total })),
    ...(summary.voidCount > 0 ? [{ name: 'void', count: summary.voidCount, isVoid: true }] : []),
  ],
  quality: summary.perSublist.map((s) => ({ name: s.name, f1: f1BySublist[s.sublistId] })),
});

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

/** What a sort run's summary chart shows; the bot draws it and attaches it to the /sort summary and sync DMs. */
export interface RunChartSource {
  chartOf(userId: string, runId: string): Promise<SummaryChartData>;
}

/** The chart of a sort run's summary: the split and the model's quality per sublist. */
export class RunChartService implements RunChartSource {
  constructor(private readonly deps: RunChartDeps) {}

  async chartOf(userId: string, runId: string): Promise<SummaryChartData> {
    const run = await this.deps.runs.byId(runId);
    const layer = run ? await this.deps.layers.byId(run.layerId) : undefined;
    if (!run || !layer || layer.userId !== userId)
      throw new UserError({ code: 'stale-component', what: 'run-gone' });
    const model =
      (run.modelId ? await this.deps.models.byId(run.modelId) : undefined) ??
      (await this.deps.models.active(layer.id));
    const perSublist = (model?.metrics as ModelMetrics | undefined)?.crossValidated?.perSublist ?? {};
    const f1 = Object.fromEntries(Object.entries(perSublist).map(([id, q]) => [id, q.f1]));
    return summaryChartData(layer.name, run.summary as RunSummary, f1);
  }
}
