import { existsSync } from 'node:fs';
import { createCanvas, Image } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { readSetting } from '../../../src/config.js';
import type { RunSummary } from '../../../src/services/sorting/run-summary.js';
import { registerEmojiFont, renderSummaryChart } from '../../../src/bot/summary-chart.js';
import { summaryChartData } from '../../../src/services/sorting/run-chart.service.js';

/** CHART_EMOJI_FONT as the bot reads it: Debian's fonts-noto-color-emoji unless set. */
const emojiFontPath = (() => {
  const setting = readSetting('CHART_EMOJI_FONT', process.env);
  if (!setting.ok) throw new Error(setting.problems.join(', '));
  return setting.value;
})();

const summaryNamed = (name: string): RunSummary => ({
  perSublist: [{ sublistId: 's0', name, added: 0, removed: 0, total: 199 }],
  voidCount: 0,
  uncertain: [],
  placed: [],
  heldBack: 0,
});

/**
 * Pixels of clearly coloured ink (far from grey) where the first split row's label starts: the
 * chart draws labels in light grey on a dark grey background, so only a colour glyph is coloured.
 */
const colouredPixelsOfFirstLabel = (png: Buffer): number => {
  const image = new Image();
  image.src = png;
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  // The split panel's first row: label at x 20, row from y 84 (TOP), 30 high.
  const { data } = ctx.getImageData(20, 84, 24, 30);
  let coloured = 0;
  for (let i = 0; i < data.length; i += 4) {
    const channels = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
    if (Math.max(...channels) - Math.min(...channels) > 60) coloured++;
  }
  return coloured;
};

describe('summary chart: emoji in playlist names', () => {
  it('a missing emoji font file is a logged warning, not a crash; the chart still renders', () => {
    const warnings: unknown[] = [];
    expect(
      registerEmojiFont('/nonexistent/NotoColorEmoji.ttf', {
        warn: (...args: unknown[]) => warnings.push(args),
      }),
    ).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('fonts-noto-color-emoji');
    const png = renderSummaryChart(summaryChartData('Bob mix', summaryNamed('🌱 ctrl alt repeat'), {}));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('draws an emoji in colour (not an empty box) once the emoji font is registered', () => {
    expect(
      existsSync(emojiFontPath),
      `no font at ${emojiFontPath}: apt-get install fonts-noto-color-emoji`,
    ).toBe(true);
    const warnings: unknown[] = [];
    expect(registerEmojiFont(emojiFontPath, { warn: (...args: unknown[]) => warnings.push(args) })).toBe(
      true,
    );
    expect(warnings).toEqual([]);
    const plain = renderSummaryChart(summaryChartData('Bob mix', summaryNamed('ctrl alt repeat'), {}));
    expect(colouredPixelsOfFirstLabel(plain)).toBe(0);
    const withEmoji = renderSummaryChart(summaryChartData('Bob mix', summaryNamed('🌱 ctrl alt repeat'), {}));
    expect(colouredPixelsOfFirstLabel(withEmoji)).toBeGreaterThan(40);
  });
});
