import { describe, expect, it } from 'vitest';
import { statusView } from '../../../src/bot/views/account.view.js';
import type { ModelFeatures } from '../../../src/core/model-records.js';
import type { ModelSummary } from '../../../src/services/account/status.service.js';
import { defaultSettings } from '../../support/memory-stores.js';
import { viewLayer } from '../../support/view-fixtures.js';

const layer = viewLayer;
const model = (features?: ModelFeatures): ModelSummary => ({
  version: 3,
  trainedAt: new Date(),
  labelCount: 30,
  quality: 0.7,
  ...(features ? { features } : {}),
});
const layerLine = (summary: ModelSummary) =>
  statusView({
    account: undefined,
    layers: [
      {
        layer,
        motherlistName: 'Liked Songs',
        sublists: [],
        labelCount: 30,
        handRemovalCount: 0,
        unplacedRemovalCount: 0,
        unlistedSublists: [],
        model: summary,
        waitingCount: 0,
        latestWaiting: [],
      },
    ],
    settings: defaultSettings('u'),
    syncIntervalMinutes: 10,
    dmFailure: undefined,
    modelBackend: undefined,
  }).embeds[0]?.fields?.[0]?.value;

describe('/status shows what each layer’s model learned from', () => {
  it('metadata only, with enrichment and how many songs had it, and what was still arriving', () => {
    const none = { songs: 486, withAudio: 0, withTags: 0, uses: [], arriving: [] };
    expect(layerLine(model(none))).toContain('model v3 (30 labels, quality 70%) trained');
    expect(layerLine(model(none))).toContain(', learns from song metadata only');
    expect(layerLine(model({ ...none, withAudio: 400, withTags: 120, uses: ['audio', 'tags'] }))).toContain(
      ', learns from song metadata + audio features + tags (audio features for 400 of 486 songs, tags for 120 of 486 songs)',
    );
    expect(
      layerLine(model({ ...none, withAudio: 120, uses: ['audio'], arriving: ['audio', 'tags'] })),
    ).toContain(
      ', learns from song metadata + audio features (audio features for 120 of 486 songs); tags were still arriving when it trained (`/train` again to use them)',
    );
  });

  it('says nothing of features for a model stored before they were recorded', () => {
    expect(layerLine(model())).not.toContain('learns from');
  });
});
