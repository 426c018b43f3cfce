import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import type { Logger } from '../logger.js';
import type { SummaryChartData } from '../services/sorting/run-chart.service.js';

const WIDTH = 960;
const ROW = 30;
const TOP = 84;
const PANEL_GAP = 40;
const LABEL_WIDTH = 170;
const COLORS = [
  '#1db954',
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#59a14f',
];
const VOID_COLOR = '#9aa0a6';
const INK = '#e8eaed';
const MUTED = '#9aa0a6';
const BACKGROUND = '#202225';

/** Sans fonts the chart prefers, in order; the Docker image installs DejaVu (fonts-dejavu-core). */
export const PREFERRED_CHART_FONTS = [
  'DejaVu Sans',
  'Liberation Sans',
  'Noto Sans',
  'Arial',
  'Helvetica',
  'FreeSans',
] as const;

/** No font to draw the chart's text with: the summary goes out without the chart. */
export class ChartFontError extends Error {
  constructor() {
    super('no font installed for the summary chart (install e.g. fonts-dejavu-core)');
    this.name = 'ChartFontError';
  }
}

/** The family to draw with: a preferred one, else any sans (not mono), else any; undefined when none. */
export const pickChartFont = (families: readonly string[]): string | undefined => {
  const installed = new Set(families);
  return (
    PREFERRED_CHART_FONTS.find((family) => installed.has(family)) ??
    families.find((family) => /sans/i.test(family) && !/mono/i.test(family)) ??
    families[0]
  );
};

/** The family the charts draw emoji with once `registerEmojiFont` has loaded a colour emoji font. */
const EMOJI_FAMILY = 'Motherlist Emoji';

/**
 * Registers the colour emoji font at `path` (CHART_EMOJI_FONT; Debian's fonts-noto-color-emoji by
 * default, which both Docker images install) for the charts, where playlist names often hold
 * emoji. Skia falls back on its own only to fonts under /usr/share/fonts; registered, a font
 * anywhere counts, and the charts name it right after their text font. Without one, emoji are
 * drawn as empty boxes: this says so in the log, and the charts still go out.
 */
export const registerEmojiFont = (path: string, logger: Pick<Logger, 'warn'>): boolean => {
  if (GlobalFonts.has(EMOJI_FAMILY)) return true;
  if (existsSync(path) && GlobalFonts.registerFromPath(path, EMOJI_FAMILY) !== null) return true;
  logger.warn(
    { path },
    'no colour emoji font: charts draw emoji in playlist names as empty boxes (install fonts-noto-color-emoji or set CHART_EMOJI_FONT)',
  );
  return false;
};

/** The font families Skia found on this machine (system font folders). */
const installedFamilies = (): string[] => GlobalFonts.families.map((f) => f.family);

const ellipsize = (ctx: SKRSContext2D, text: string, width: number): string => {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
};

/**
 * Renders a PNG with two horizontal bar charts: how the motherlist splits over the sublists (and
 * the void), and the model's cross-validated F1 per sublist. Pure Skia, no browser. Skia draws no
 * text without a font, so with none installed this throws `ChartFontError` rather than render
 * an unlabeled chart. `fonts` replaces the installed families (tests).
 */
export const renderSummaryChart = (
  data: SummaryChartData,
  options: { fonts?: () => readonly string[] } = {},
): Buffer => {
  const family = pickChartFont((options.fonts ?? installedFamilies)());
  if (family === undefined) throw new ChartFontError();
  const emoji = GlobalFonts.has(EMOJI_FAMILY) ? `, "${EMOJI_FAMILY}"` : '';
  const font = (size: number, bold = false) => `${bold ? 'bold ' : ''}${size}px "${family}"${emoji}`;
  const rows = Math.max(data.split.length, data.quality.length, 1);
  const height = TOP + rows * ROW + 40;
  const canvas = createCanvas(WIDTH, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, WIDTH, height);
  ctx.fillStyle = INK;
  ctx.font = font(22, true);
  ctx.fillText(ellipsize(ctx, data.title, WIDTH - 40), 20, 34);

  const panelWidth = (WIDTH - 40 - PANEL_GAP) / 2;
  const barSpace = panelWidth - LABEL_WIDTH - 50;
  const heading = (x: number, text: string) => {
    ctx.fillStyle = MUTED;
    ctx.font = font(15);
    ctx.fillText(text, x, TOP - 16);
  };
  const label = (x: number, y: number, text: string) => {
    ctx.fillStyle = INK;
    ctx.font = font(14);
    ctx.fillText(ellipsize(ctx, text, LABEL_WIDTH - 10), x, y + 19);
  };

  const leftX = 20;
  heading(leftX, 'How the motherlist splits (tracks)');
  const most = Math.max(1, ...data.split.map((s) => s.count));
  data.split.forEach((entry, i) => {
    const y = TOP + i * ROW;
    label(leftX, y, entry.name);
    const width = Math.max(entry.count > 0 ? 2 : 0, (entry.count / most) * barSpace);
    ctx.fillStyle = entry.isVoid ? VOID_COLOR : (COLORS[i % COLORS.length] as string);
    ctx.fillRect(leftX + LABEL_WIDTH, y + 5, width, ROW - 10);
    ctx.fillStyle = INK;
    ctx.font = font(13);
    ctx.fillText(String(entry.count), leftX + LABEL_WIDTH + width + 6, y + 19);
  });

  const rightX = 20 + panelWidth + PANEL_GAP;
  heading(rightX, 'Model quality per sublist (cross-validated F1)');
  data.quality.forEach((entry, i) => {
    const y = TOP + i * ROW;
    label(rightX, y, entry.name);
    ctx.fillStyle = '#3c4043';
    ctx.fillRect(rightX + LABEL_WIDTH, y + 5, barSpace, ROW - 10);
    if (entry.f1 !== undefined) {
      ctx.fillStyle = entry.f1 >= 0.7 ? '#1db954' : entry.f1 >= 0.4 ? '#edc948' : '#e15759';
      ctx.fillRect(rightX + LABEL_WIDTH, y + 5, Math.max(2, entry.f1 * barSpace), ROW - 10);
    }
    ctx.fillStyle = INK;
    ctx.font = font(13);
    ctx.fillText(
      entry.f1 === undefined ? '–' : entry.f1.toFixed(2),
      rightX + LABEL_WIDTH + barSpace + 6,
      y + 19,
    );
  });
  return canvas.toBuffer('image/png');
};
