import { describe, expect, it } from 'vitest';
import { dmView } from '../../../src/bot/views/account.view.js';
import { undoText } from '../../../src/bot/views/undo.view.js';
import type { UndoOutcome } from '../../../src/services/ports/model-ports.js';

const at = new Date('2026-01-02T10:00:00Z');
const outcome = (kind: 'sort' | 'sync', perSublist: UndoOutcome['perSublist']): UndoOutcome => ({
  runId: 'r',
  layerName: 'Bob mix',
  undid: { kind, at },
  perSublist,
});

describe('what an undo says', () => {
  it('reports the songs an undo took out as removals, not as additions', () => {
    const text = undoText(
      outcome('sort', [{ name: 'ctrl alt repeat 🌱', added: 0, removed: 199, total: 12 }]),
    );
    expect(text).toContain('took 199 songs out of **ctrl alt repeat 🌱** (now 12)');
    expect(text).not.toMatch(/[−+]\d/);
  });

  it('says whether it undid a sort or a sync, and when', () => {
    expect(undoText(outcome('sync', []))).toMatch(/^Undid the sync of \*\*Bob mix\*\* \(<t:\d+:R>\)/);
    expect(undoText(outcome('sort', []))).toMatch(/^Undid the sort of \*\*Bob mix\*\*/);
  });

  it('names songs put back, skips sublists it did not change, and says when nothing needed changing', () => {
    const text = undoText(
      outcome('sort', [
        { name: 'Rock', added: 3, removed: 1_200, total: 40 },
        { name: 'Jazz', added: 0, removed: 0, total: 9 },
        { name: 'Folk', added: 1, removed: 0, total: 5 },
      ]),
    );
    expect(text).toContain('took 1,200 songs out of **Rock** and put 3 songs back in it (now 40)');
    expect(text).toContain('put 1 song back in **Folk** (now 5)');
    expect(text).not.toContain('Jazz');
    expect(undoText(outcome('sync', [{ name: 'Jazz', added: 0, removed: 0, total: 9 }]))).toContain(
      'nothing needed changing',
    );
  });

  it('names the layers over a sublist it changed, which follow at the next sync (composed layers)', () => {
    const text = undoText({
      ...outcome('sync', [{ name: 'Solo', added: 0, removed: 2, total: 5 }]),
      followers: [
        { layer: 'Workouts', sublist: 'Solo' },
        { layer: 'Tempo', sublist: 'Solo' },
      ],
    });
    expect(text.split('\n').slice(1)).toEqual([
      'Layer **Workouts** sorts from **Solo**: its sublists follow this change at the next sync.',
      'Layer **Tempo** sorts from **Solo**: its sublists follow this change at the next sync.',
    ]);
  });

  it('counts the songs it did not put back because they left the motherlist, a playlist with no name by its link', () => {
    const text = undoText({
      ...outcome('sync', [{ name: 'Solo', added: 2, removed: 0, total: 5 }]),
      leftMotherlist: { songs: 3, motherlist: { id: 'p1', name: null } },
    });
    expect(text.split('\n').slice(1)).toEqual([
      '3 songs not put back: no longer in [playlist p1](https://open.spotify.com/playlist/p1).',
    ]);
  });

  it('the DM of an undo finished after a restart uses the same words', () => {
    const dm = dmView({
      kind: 'undo-finished',
      outcome: outcome('sync', [{ name: 'Rock', added: 0, removed: 2, total: 0 }]),
      heldBy: 'restart',
    });
    expect(dm.content).toContain(
      'Your /undo of “Bob mix”, cut short by a restart of Motherlist, has finished.',
    );
    expect(dm.content).toContain('Undid the sync of **Bob mix**');
    expect(dm.content).toContain('took 2 songs out of **Rock**');
  });
});
