import { describe, expect, it } from 'vitest';
import {
  defaultFeatureSpec,
  encodeTrack,
  featureLayout,
  fedEnrichment,
  trackEntities,
  trainingFeatureSpec,
  type LibraryTrack,
} from '../../../src/ml/features.js';
import { answerRevealingPlaylists, scenarioLibrary } from '../../../src/ml/snapshot-library.js';
import type { LibrarySnapshot } from '../../../src/core/library-snapshot.js';

const item: LibraryTrack = {
  track: {
    id: 't1',
    name: 'Song (Remix)',
    artists: [{ name: 'A' }, { name: 'B' }],
    album: { name: 'Album', releaseDate: '2019-06-14' },
    durationMs: 200_000,
    explicit: true,
    audioFeatures: { energy: 0.9, tempo: 120 },
    tags: ['pop'],
  },
  otherPlaylists: ['gym'],
};

describe('feature spec', () => {
  it('encodes deterministically, with enrichment blocks and presence masks only when asked', () => {
    const metadata = defaultFeatureSpec(false);
    const all = defaultFeatureSpec(true);
    expect(featureLayout(all).dimension).toBeGreaterThan(featureLayout(metadata).dimension);
    expect(featureLayout(metadata).blocks.map((b) => b.name)).not.toContain('audio');
    const a = encodeTrack(item, all);
    expect(Array.from(a)).toEqual(Array.from(encodeTrack(item, all)));
    const audio = featureLayout(all).blocks.find((b) => b.name === 'audio')!;
    expect(a[audio.offset + audio.size - 1]).toBe(1);
    const withoutAudio = encodeTrack({ ...item, track: { ...item.track, audioFeatures: undefined } }, all);
    expect(withoutAudio[audio.offset + audio.size - 1]).toBe(0);
  });

  it('keeps answer-revealing playlists out of the other-playlists feature', () => {
    const snapshot: LibrarySnapshot = {
      format: 'library-snapshot/1',
      name: 'x',
      tracks: [
        { id: 'a', name: 'a', artists: [{ name: 'x' }], album: {} },
        { id: 'b', name: 'b', artists: [{ name: 'y' }], album: {} },
      ],
      playlists: [
        { name: 'genre_rock', items: [{ track_id: 'a' }] },
        { name: 'genre_pop', items: [{ track_id: 'b' }] },
        { name: 'genre_unsorted', items: [{ track_id: 'b' }] },
        { name: 'rock copy', items: [{ track_id: 'a' }] },
        { name: 'gym', items: [{ track_id: 'a' }, { track_id: 'b' }] },
      ],
      liked: null,
      scenarios: [
        {
          name: 's',
          mutual: true,
          complete: true,
          motherlist: ['a', 'b'],
          sublists: [
            { name: 'genre_rock', track_ids: ['a'] },
            { name: 'genre_pop', track_ids: ['b'] },
          ],
        },
      ],
    };
    const scenario = snapshot.scenarios[0]!;
    expect(answerRevealingPlaylists(snapshot, scenario).sort()).toEqual([
      'genre_pop',
      'genre_rock',
      'genre_unsorted',
      'rock copy',
    ]);
    const library = scenarioLibrary(snapshot, scenario, { enrichment: false });
    expect(library.items.map((i) => i.otherPlaylists)).toEqual([['gym'], ['gym']]);
    expect(library.truth.get('a')).toEqual(['genre_rock']);
  });
});

describe('the enrichment a model uses', () => {
  const bare = (id: string): LibraryTrack => ({
    track: { id, name: id, artists: [{ name: 'x' }], album: {} },
  });
  const withAudio = (id: string): LibraryTrack => ({
    track: { ...bare(id).track, audioFeatures: { energy: 0.5 } },
  });
  const withTags = (id: string): LibraryTrack => ({ track: { ...bare(id).track, tags: ['jazz'] } });

  it('uses a kind only when some answered song had it when it trained', () => {
    const items = [withAudio('a'), bare('b'), withTags('c')];
    expect(trainingFeatureSpec(true, items, new Set(['a', 'b'])).uses).toEqual(['audio']);
    expect(trainingFeatureSpec(true, items, new Set(['b', 'c'])).uses).toEqual(['tags']);
    expect(trainingFeatureSpec(true, items, new Set(['b'])).uses).toEqual([]);
    expect(trainingFeatureSpec(false, items, new Set(['a'])).enrichment).toBe(false);
  });

  it('a kind that arrived after training is not fed in: the row and the graph stay as the model saw them', () => {
    const spec = trainingFeatureSpec(true, [withAudio('a'), bare('b')], new Set(['a', 'b']));
    const before = bare('b');
    const after: LibraryTrack = { track: { ...withAudio('b').track, tags: ['jazz'] } };
    // Tags arrived for b after training: a model that never saw tags gets the same row and no tag entity.
    const rowOf = (item: LibraryTrack) => Array.from(encodeTrack(item, spec));
    const audio = featureLayout(spec).blocks.find((b) => b.name === 'audio')!;
    const tag = featureLayout(spec).blocks.find((b) => b.name === 'tag')!;
    expect(rowOf(after).slice(tag.offset, tag.offset + tag.size)).toEqual(
      rowOf(before).slice(tag.offset, tag.offset + tag.size),
    );
    expect(trackEntities(after, spec).some((e) => e.startsWith('tag:'))).toBe(false);
    // Audio features, which it learned from, are fed in for every song that has them.
    expect(rowOf(after)[audio.offset + audio.size - 1]).toBe(1);
    expect(fedEnrichment([before, after, withTags('c')], spec)).toBe(1);
    // An older model (no `uses`) is fed every kind, as before.
    expect(trackEntities(after, defaultFeatureSpec(true))).toContain('tag:jazz');
    expect(fedEnrichment([before, after, withTags('c')], defaultFeatureSpec(true))).toBe(2);
  });
});
