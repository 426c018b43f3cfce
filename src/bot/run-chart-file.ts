import type { Logger } from '../logger.js';
import type { RunChartSource } from '../services/sorting/run-chart.service.js';
import { renderSummaryChart } from './summary-chart.js';

/** The chart's file name; embeds show it with `attachment://sort-summary.png`. */
export const CHART_FILENAME = 'sort-summary.png';

/** A file for discord.js `files`. */
export interface ChartFile {
  name: string;
  attachment: Buffer;
}

/**
 * A run's summary chart as a file to attach, or undefined when it cannot be rendered (no font,
 * the run is gone, Skia failed): logged, and the summary goes out without it.
 */
export const renderChartFile = async (
  charts: RunChartSource,
  logger: Logger,
  userId: string,
  runId: string,
): Promise<ChartFile | undefined> => {
  try {
    return { name: CHART_FILENAME, attachment: renderSummaryChart(await charts.chartOf(userId, runId)) };
  } catch (error) {
    logger.warn({ err: error, userId, runId }, 'summary chart not rendered; sending the summary without it');
    return undefined;
  }
};
