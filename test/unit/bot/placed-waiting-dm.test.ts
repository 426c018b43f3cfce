import { describe, expect, it } from 'vitest';
import { dmView } from '../../../src/bot/views/account.view.js';
import { placedWaitingEmbed } from '../../../src/bot/views/waiting.view.js';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const dm = dmView({
  kind: 'new-songs',
  layerName: 'Moods',
  placements: [],
  voidCount: 0,
  layerId: uuid(1),
  sublists: [
    { id: uuid(2), name: 'Rock' },
    { id: uuid(3), name: 'Jazz' },
  ],
  mode: { mutual: true, complete: false },
  waiting: [
    { trackId: 'a'.repeat(22), trackName: 'Artist – One', sublistIds: [uuid(2)], confidence: 0.62 },
    { trackId: 'b'.repeat(22), trackName: 'Artist – One (Remix)', sublistIds: [uuid(3)], confidence: 0.4 },
  ],
  waitingCount: 2,
});

/**
 * After Place (or a waiting song's menu) in a new-songs DM, the DM kept "**Waiting for your
 * answer** (2; …)" with both songs, and "Waiting: **Place** puts a song where…", after both were placed.
 */
describe('a new-songs DM once its waiting songs are placed', () => {
  const embed = dm.embeds[0]!;

  it('moves a placed song from the waiting list to where it went', () => {
    const once = placedWaitingEmbed(embed, 'Moods', { trackName: 'Artist – One', where: 'Rock' });
    expect(once.title).toBe('New songs in Moods wait for your answer');
    const text = once.description ?? '';
    expect(text).toContain('**Waiting for your answer** (1; not sure enough to place');
    expect(text).toContain('• Artist – One (Remix) (best guess Jazz, 40%)');
    expect(text).not.toContain('Artist – One (best guess');
    expect(text).toContain('**Placed by you**:\n• Artist – One → **Rock**');
    expect(text).toContain('Waiting: **Place** puts a song where the model guessed');
  });

  it('says where each went and nothing of waiting once all are placed', () => {
    const once = placedWaitingEmbed(embed, 'Moods', { trackName: 'Artist – One', where: 'Rock' });
    const twice = placedWaitingEmbed(once, 'Moods', { trackName: 'Artist – One (Remix)', where: 'the void' });
    expect(twice.title).toBe('New songs sorted in Moods');
    const text = twice.description ?? '';
    expect(text).toBe('**Placed by you**:\n• Artist – One → **Rock**\n• Artist – One (Remix) → **the void**');
  });

  it('leaves the message as it was for a song it does not list', () => {
    expect(placedWaitingEmbed(embed, 'Moods', { trackName: 'Someone – Else', where: 'Rock' })).toEqual(embed);
  });
});
