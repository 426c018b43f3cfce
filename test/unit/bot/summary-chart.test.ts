import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../src/services/sorting/run-summary.js';
import { ChartFontError, pickChartFont, renderSummaryChart } from '../../../src/bot/summary-chart.js';
import { summaryChartData } from '../../../src/services/sorting/run-chart.service.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const sizeOf = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const summary = (sublists: number): RunSummary => ({
  perSublist: Array.from({ length: sublists }, (_, i) => ({
    sublistId: `s${i}`,
    name: `Sublist ${i}`,
    added: i,
    removed: 0,
    total: 10 * (i + 1),
  })),
  voidCount: 7,
  uncertain: [],
  placed: [],
  heldBack: 0,
});

describe('summary chart', () => {
  it('builds the split (sublists then the void) and the quality per sublist', () => {
    const data = summaryChartData('genres', summary(3), { s0: 0.9, s2: 0.4 });
    expect(data.split).toEqual([
      { name: 'Sublist 0', count: 10 },
      { name: 'Sublist 1', count: 20 },
      { name: 'Sublist 2', count: 30 },
      { name: 'void', count: 7, isVoid: true },
    ]);
    expect(data.quality.map((q) => q.f1)).toEqual([0.9, undefined, 0.4]);
    expect(data.title).toBe('genres: 60 placements');
  });

  it('renders a PNG without a browser, taller with more sublists, different for different data', () => {
    const small = renderSummaryChart(summaryChartData('a', summary(2), {}));
    const large = renderSummaryChart(summaryChartData('a', summary(12), { s1: 0.5 }));
    expect(small.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(sizeOf(small).width).toBe(960);
    expect(sizeOf(large).height).toBeGreaterThan(sizeOf(small).height);
    const other = renderSummaryChart(summaryChartData('a', summary(2), { s0: 1 }));
    expect(other.equals(small)).toBe(false);
  });

  it('picks a preferred sans font, else any sans that is not mono, else any; none when nothing is installed', () => {
    expect(pickChartFont(['DejaVu Serif', 'Liberation Sans', 'DejaVu Sans'])).toBe('DejaVu Sans');
    expect(pickChartFont(['Ubuntu Mono', 'Ubuntu Sans'])).toBe('Ubuntu Sans');
    expect(pickChartFont(['Some Serif'])).toBe('Some Serif');
    expect(pickChartFont([])).toBeUndefined();
  });

  it('draws its text with an installed font, and refuses to render without one', () => {
    const a = renderSummaryChart(summaryChartData('a', summary(2), {}));
    const b = renderSummaryChart(summaryChartData('b', summary(2), {}));
    expect(a.equals(b)).toBe(false); // only the title differs: text was drawn
    expect(() => renderSummaryChart(summaryChartData('a', summary(2), {}), { fonts: () => [] })).toThrow(
      ChartFontError,
    );
  });
});
