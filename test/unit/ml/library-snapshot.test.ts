import { describe, expect, it } from 'vitest';
import {
  SnapshotError,
  parseLibrarySnapshot,
  snapshotTrackToTrack,
} from '../../../src/core/library-snapshot.js';
import { loadSlice } from './fixture.js';

describe('library-snapshot/1', () => {
  it('parses the committed slice', () => {
    const snapshot = loadSlice();
    expect(snapshot.tracks).toHaveLength(288);
    expect(snapshot.scenarios[0]?.sublists.map((s) => s.name)).toEqual([
      'pop',
      'rap',
      'rock',
      'latin',
      'r&b',
      'edm',
    ]);
  });

  it('names the first bad field', () => {
    expect(() => parseLibrarySnapshot({ format: 'library-snapshot/2' })).toThrow(SnapshotError);
    expect(() =>
      parseLibrarySnapshot({ format: 'library-snapshot/1', name: 'x', tracks: [{ id: 1 }], playlists: [] }),
    ).toThrow('$.tracks[0].id: expected a string');
    expect(() =>
      parseLibrarySnapshot({
        format: 'library-snapshot/1',
        name: 'x',
        tracks: [],
        playlists: [],
        scenarios: [{ name: 's', mutual: true, complete: true, motherlist: ['nope'], sublists: [] }],
      }),
    ).toThrow('unknown track nope');
  });

  it('drops enrichment for the metadata feature set', () => {
    const track = loadSlice().tracks[0]!;
    expect(snapshotTrackToTrack(track, { enrichment: true }).audioFeatures).toBeDefined();
    const bare = snapshotTrackToTrack(track, { enrichment: false });
    expect(bare.audioFeatures).toBeUndefined();
    expect(bare.tags).toBeUndefined();
    expect(bare).not.toHaveProperty('popularity');
  });
});
