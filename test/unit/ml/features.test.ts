import { describe, expect, it } from 'vitest';
import {
  defaultFeatureSpec,
  encodeTracks,
  featureLayout,
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
    const a = encodeTracks([item], all);
    expect(Array.from(a.data)).toEqual(Array.from(encodeTracks([item], all).data));
    const audio = featureLayout(all).blocks.find((b) => b.name === 'audio')!;
    expect(a.data[audio.offset + audio.size - 1]).toBe(1);
    const withoutAudio = encodeTracks([{ ...item, track: { ...item.track, audioFeatures: undefined } }], all);
    expect(withoutAudio.data[audio.offset + audio.size - 1]).toBe(0);
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
