import { describe, expect, it } from 'vitest';
import { EnrichmentCoverage } from '../../../src/enrich/enrichment-coverage.js';
import { ProviderHealth } from '../../../src/enrich/provider-health.js';
import type { CachedAnswer } from '../../../src/enrich/enrichment-cache.js';

const TRACKS = ['t1', 't2'].map((id) => ({
  id,
  name: id,
  artists: [{ name: 'A' }],
  isrc: `US${id}`,
  audioFeatures: null,
  tags: null,
}));

/** A library of two songs that no provider has answered for yet. */
const store = {
  libraryTrackIds: () => Promise.resolve(TRACKS.map((t) => t.id)),
  tracksForEnrichment: () => Promise.resolve(TRACKS),
  readCache: () => Promise.resolve(new Map<string, CachedAnswer>()),
  writeCache: () => Promise.resolve(),
};

const failThrice = (health: ProviderHealth, provider: string) => {
  for (let i = 0; i < 3; i++) health.failed(provider, new Error('fetch failed'));
};

describe('which enrichment is arriving, and which stalled on a failing provider', () => {
  it('a kind whose providers are all failing is stalled, not arriving', async () => {
    const health = new ProviderHealth(() => undefined);
    health.on('reccobeats');
    health.on('musicbrainz');
    health.off('lastfm', 'no key');
    failThrice(health, 'reccobeats');
    expect(await new EnrichmentCoverage(store, health).arriving('u')).toEqual({
      arriving: ['tags'],
      stalled: [{ kind: 'audio', providers: ['reccobeats'] }],
    });
  });

  it('a kind with one provider still answering is arriving', async () => {
    const health = new ProviderHealth(() => undefined);
    health.on('musicbrainz');
    health.on('lastfm');
    failThrice(health, 'musicbrainz');
    expect(await new EnrichmentCoverage(store, health).arriving('u')).toEqual({
      arriving: ['tags'],
      stalled: [],
    });
  });
});
