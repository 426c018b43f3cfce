import { describe, expect, it } from 'vitest';
import { sortSummaryView } from '../../../src/bot/views/model.view.js';

describe('the summary of a sort that changed nothing in Spotify', () => {
  const outcome = (added: number) => ({
    runId: '4f1c2d3e-0000-4000-8000-000000000001',
    dryRun: false,
    perSublist: [
      { name: 'caramel', added, removed: 0, total: 59 },
      { name: 'smooth', added: 0, removed: 0, total: 74 },
    ],
    voidCount: 0,
    uncertain: [],
  });
  const labels = (view: ReturnType<typeof sortSummaryView>) =>
    view.components.flatMap((row) => row.components).map((c) => ('label' in c ? c.label : undefined));

  it('offers no Undo (there is nothing to undo; its press said only the latest sort can be undone)', () => {
    expect(labels(sortSummaryView('Moods', outcome(0)))).not.toContain('Undo');
  });

  it('a sort that wrote keeps its Undo', () => {
    expect(labels(sortSummaryView('Moods', outcome(2)))).toContain('Undo');
  });
});
