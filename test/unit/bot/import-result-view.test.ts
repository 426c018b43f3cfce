import { describe, expect, it } from 'vitest';
import { importResultView } from '../../../src/bot/views/layer.view.js';
import type { ImportResult } from '../../../src/services/labels/import-labels.service.js';
import { viewLayer } from '../../support/view-fixtures.js';

describe('the /import answer', () => {
  const result = (perSublist: ImportResult['perSublist'], imported: number): ImportResult => ({
    layer: { ...viewLayer, name: 'Mine' },
    imported,
    keptAnswers: 0,
    conflicts: 0,
    outsideMotherlist: 0,
    unsortableItems: 0,
    perSublist,
  });

  it('sublists whose playlists are all empty: nothing to import, and what to do instead', () => {
    expect(
      importResultView(
        result(
          [
            { name: 'a', tracks: 0 },
            { name: 'b', tracks: 0 },
          ],
          0,
        ),
      ).content,
    ).toBe(
      'Nothing to import into **Mine**: the playlists of its sublists (a, b) are empty. Answer songs with `/label layer:Mine` instead.',
    );
  });

  it('one label is “1 label”', () => {
    expect(importResultView(result([{ name: 'a', tracks: 1 }], 1)).content).toBe(
      'Imported **1** label into **Mine** from: a (1).',
    );
  });
});
