import { ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { labelCardView } from '../../../src/bot/views/label-card.view.js';
import type { LabelCard } from '../../../src/services/labels/label-session.service.js';
import { viewLayer } from '../../support/view-fixtures.js';

describe('the label card’s Undo', () => {
  const card = (answeredTrackIds: string[]): LabelCard => ({
    session: {
      id: '4f1c2d3e-0000-4000-8000-000000000001',
      userId: 'u',
      layerId: viewLayer.id,
      channelId: 'c',
      currentTrackId: '4uLU6hMCjMI75M1A2tKUQC',
      currentMessageId: null,
      toggledSublistIds: [],
      answeredTrackIds,
      skippedTrackIds: [],
      status: 'open',
      updatedAt: new Date(0),
    },
    layer: viewLayer,
    sublists: [],
    track: { id: '4uLU6hMCjMI75M1A2tKUQC', name: 'Song', artists: [{ name: 'Artist' }], album: {} },
    guess: undefined,
    answeredCount: answeredTrackIds.length,
  });
  const undoOf = (view: ReturnType<typeof labelCardView>) =>
    view.components
      .flatMap((row) => row.components)
      .find((c) => c.type === ComponentType.Button && 'label' in c && c.label === 'Undo');

  it('is disabled on a session’s first card: there is nothing to undo yet', () => {
    expect(undoOf(labelCardView(card([])))).toMatchObject({ disabled: true });
  });

  it('works once the session has an answer', () => {
    expect(undoOf(labelCardView(card(['1ua6hBq18qZLyprXjMcpyf'])))?.disabled).not.toBe(true);
  });
});
