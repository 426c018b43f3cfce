import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EnrichmentCacheStore } from '../../src/enrich/enrichment-cache.js';
import type { EnrichmentTrackStore } from '../../src/services/sync/enrich-tracks.service.js';
import { freshUser } from './fresh-layer.js';
import { libraryTrack, trackIds, type LibraryWrites } from './library-stores.contract.js';

export interface EnrichmentStores extends LibraryWrites {
  enrichment: EnrichmentTrackStore & EnrichmentCacheStore;
}

const byId = <T extends { id: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

/** What the enrichment columns of tracks and the providers' answer cache promise (fake and repository alike). */
export const enrichmentStoreContract = (stores: () => EnrichmentStores): void => {
  describe('enrichment', () => {
    it('reads what enrichment needs of known tracks and writes its two columns', async () => {
      const [a, b] = trackIds('a', 'b') as [string, string];
      await stores().tracks.upsertMetadata([libraryTrack(a, { isrc: 'GBX' }), libraryTrack(b)]);
      const states = () => stores().enrichment.tracksForEnrichment([b, a, b, 'unknown']).then(byId);
      expect(await states()).toEqual([
        {
          id: a,
          name: `Song ${a}`,
          artists: libraryTrack(a).artists,
          isrc: 'GBX',
          audioFeatures: null,
          tags: null,
        },
        { id: b, name: `Song ${b}`, artists: libraryTrack(b).artists, audioFeatures: null, tags: null },
      ]);

      await stores().enrichment.writeEnrichment([
        { trackId: a, audioFeatures: { energy: 0.5, tempo: 120 }, tags: ['rock', 'indie'] },
        { trackId: b, tags: ['jazz'] },
        { trackId: 'unknown', tags: ['x'] },
      ]);
      await stores().enrichment.writeEnrichment([]);
      expect((await states()).map((s) => [s.audioFeatures, s.tags])).toEqual([
        [{ energy: 0.5, tempo: 120 }, ['rock', 'indie']],
        [null, ['jazz']],
      ]);
      // Undefined leaves a column as it is; null clears it.
      await stores().enrichment.writeEnrichment([{ trackId: a, audioFeatures: null }]);
      expect((await states()).map((s) => [s.audioFeatures, s.tags])).toEqual([
        [null, ['rock', 'indie']],
        [null, ['jazz']],
      ]);
    });

    it('the library’s tracks: every source of the user, each once', async () => {
      const user = await freshUser(stores());
      const [a, b, c] = trackIds('a', 'b', 'c') as [string, string, string];
      await stores().tracks.upsertMetadata([libraryTrack(a), libraryTrack(b), libraryTrack(c)]);
      await stores().entries.add(user, 'liked', [
        { trackId: a, addedAt: null },
        { trackId: b, addedAt: null },
      ]);
      await stores().entries.add(user, 'pl', [{ trackId: b, addedAt: null }]);
      expect((await stores().enrichment.libraryTrackIds(user)).sort()).toEqual([a, b]);
      expect(await stores().enrichment.libraryTrackIds(await freshUser(stores()))).toEqual([]);
    });

    it('caches answers per provider and key; a later answer replaces the earlier one', async () => {
      const provider = `provider-${randomUUID()}`;
      const first = new Date('2026-02-01T00:00:00Z');
      const later = new Date('2026-02-02T00:00:00Z');
      await stores().enrichment.writeCache(provider, [
        { key: 'k1', payload: { tags: ['a'], at: first }, fetchedAt: first },
        { key: 'k2', payload: null, fetchedAt: first },
      ]);
      await stores().enrichment.writeCache(provider, [{ key: 'k1', payload: [1, 2], fetchedAt: later }]);
      await stores().enrichment.writeCache(`${provider}-other`, [
        { key: 'k3', payload: 3, fetchedAt: first },
      ]);
      expect(await stores().enrichment.readCache(provider, ['k1', 'k2', 'k3', 'k1'])).toEqual(
        new Map([
          ['k1', { payload: [1, 2], fetchedAt: later }],
          ['k2', { payload: null, fetchedAt: first }],
        ]),
      );
      await stores().enrichment.writeCache(provider, [
        { key: 'k4', payload: { at: first }, fetchedAt: first },
      ]);
      // Stored as JSON: a date in a payload comes back as its text.
      expect((await stores().enrichment.readCache(provider, ['k4'])).get('k4')?.payload).toEqual({
        at: first.toISOString(),
      });
      expect(await stores().enrichment.readCache(provider, [])).toEqual(new Map());
    });
  });
};
