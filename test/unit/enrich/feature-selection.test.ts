import { describe, expect, it } from 'vitest';
import { parseFeatureSelection, selectEnrichmentBlocks } from '../../../src/ml/feature-selection.js';
import {
  defaultFeatureSpec,
  encodeTrack,
  featureLayout,
  type LibraryTrack,
} from '../../../src/ml/features.js';

const item: LibraryTrack = {
  track: {
    id: 't1',
    name: 'Song',
    artists: [{ name: 'A' }],
    album: { name: 'Album', releaseDate: '2001' },
    audioFeatures: { energy: 0.8, danceability: 0.6 },
    tags: ['rock'],
  },
};

describe('--features selections', () => {
  it('understands metadata, all and metadata plus blocks', () => {
    expect(parseFeatureSelection('metadata')).toMatchObject({ enrichment: false, blocks: new Set() });
    expect(parseFeatureSelection('all')).toMatchObject({
      enrichment: true,
      blocks: new Set(['audio', 'tags']),
    });
    expect(parseFeatureSelection('metadata+audio')).toMatchObject({
      enrichment: true,
      blocks: new Set(['audio']),
    });
    expect(parseFeatureSelection('metadata+tags')?.blocks).toEqual(new Set(['tags']));
    expect(parseFeatureSelection('metadata+tags+audio')?.blocks).toEqual(new Set(['audio', 'tags']));
    for (const bad of ['', 'audio', 'metadata+genres', 'metadata+audio+audio', 'all+audio'])
      expect(parseFeatureSelection(bad)).toBeUndefined();
  });

  it('leaves out the blocks not selected, so their presence masks read "absent"', () => {
    const spec = defaultFeatureSpec(true);
    const layout = featureLayout(spec);
    const block = (name: string) => layout.blocks.find((b) => b.name === name);
    const audio = block('audio');
    const tag = block('tag');
    if (!audio || !tag) throw new Error('enrichment blocks missing from the layout');
    const encode = (features: string) => {
      const selection = parseFeatureSelection(features);
      if (!selection) throw new Error(features);
      const [selected] = selectEnrichmentBlocks([item], selection);
      if (!selected) throw new Error('no track selected');
      return encodeTrack(selected, spec);
    };
    const sum = (data: Float32Array, b: { offset: number; size: number }) =>
      data.subarray(b.offset, b.offset + b.size).reduce((a, v) => a + Math.abs(v), 0);

    const withAudio = encode('metadata+audio');
    expect(sum(withAudio, audio)).toBeGreaterThan(0);
    expect(sum(withAudio, tag)).toBe(0);
    const withTags = encode('metadata+tags');
    expect(sum(withTags, audio)).toBe(0);
    expect(sum(withTags, tag)).toBeGreaterThan(0);
    const all = encode('all');
    expect(sum(all, audio)).toBeGreaterThan(0);
    expect(sum(all, tag)).toBeGreaterThan(0);
    expect(item.track.tags).toEqual(['rock']);
  });
});
