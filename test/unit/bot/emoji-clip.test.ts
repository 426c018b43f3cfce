import { describe, expect, it } from 'vitest';
import { dmView } from '../../../src/bot/views/account.view.js';
import { trainResultView } from '../../../src/bot/views/model.view.js';
import { clip, type View } from '../../../src/bot/views/view.js';
import { placeLabel } from '../../../src/bot/views/waiting.view.js';

/**
 * Every text of a message, as Discord receives it. Half an emoji (a lone UTF-16 surrogate) cannot
 * be written as UTF-8: Discord refuses such a message whole (discord/discord-api-docs#6561).
 */
const texts = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(texts);
  return [];
};
/** A surrogate not paired: with the `u` flag, a whole pair is one code point and does not match. */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);
const halfEmoji = (view: View): string[] => texts(view).filter((text) => !wellFormed(text));

describe('names with emoji, shortened to fit Discord, keep every emoji whole', () => {
  it('clip never cuts an emoji in half', () => {
    const name = `${'x'.repeat(10)}😎😎`;
    for (let max = 2; max <= name.length; max++) {
      const clipped = clip(name, max);
      expect(wellFormed(clipped)).toBe(true);
      expect(clipped.length).toBeLessThanOrEqual(max);
    }
    expect(clip(name, 12)).toBe(`${'x'.repeat(10)}…`);
    expect(clip(name, 13)).toBe(`${'x'.repeat(10)}😎…`);
  });

  it('a /train result whose confusion table shortens a sublist name with an emoji', () => {
    const view = trainResultView('Moods', {
      version: 1,
      labelCount: 40,
      quality: 0.8,
      perSublist: [],
      confusion: {
        names: ['Good vibes 😎', 'Sad'],
        counts: [
          [10, 2],
          [3, 25],
        ],
      },
    });
    expect(halfEmoji(view)).toEqual([]);
    expect(view.embeds[0]?.description).toContain('Good vibes  ');
  });

  it('a waiting song’s Place button and menu of a long song name with emoji', () => {
    const trackName = `${'x'.repeat(71)}😎😎 – Artist`;
    expect(wellFormed(placeLabel(trackName, 'Rock'))).toBe(true);
    const view = dmView({
      kind: 'new-songs',
      layerName: 'Genres',
      placements: [],
      voidCount: 0,
      layerId: '00000000-0000-4000-8000-000000000001',
      sublists: [{ id: '00000000-0000-4000-8000-000000000002', name: 'Rock' }],
      mode: { mutual: true, complete: false },
      waiting: [
        {
          trackId: '4uLU6hMCjMI75M1A2tKUQC',
          trackName: `${'y'.repeat(138)}🔥🔥 – Artist`,
          sublistIds: ['00000000-0000-4000-8000-000000000002'],
          confidence: 0.6,
        },
        {
          trackId: '4uLU6hMCjMI75M1A2tKUQD',
          trackName,
          sublistIds: ['00000000-0000-4000-8000-000000000002'],
          confidence: 0.6,
        },
      ],
    });
    expect(view.components.length).toBeGreaterThan(0);
    expect(halfEmoji(view)).toEqual([]);
  });
});
