import { describe, expect, it } from 'vitest';
import { trainProgressView, trainResultView } from '../../../src/bot/views/model.view.js';

const features = {
  songs: 484,
  withAudio: 0,
  withTags: 200,
  arriving: [],
  stalled: [{ kind: 'audio' as const, providers: ['reccobeats'] }],
};

describe('/train while an enrichment provider is failing', () => {
  it('says the provider is not answering instead of "still arriving … 0 of 484"', () => {
    const progress = trainProgressView('Moods', { fraction: 0.2, stage: 'training', features });
    expect(progress.content).toContain(
      'ReccoBeats is not answering, so audio features are not arriving now; the model trains on what it has.',
    );
    expect(progress.content).not.toContain('still arriving');
    const result = trainResultView('Moods', {
      version: 1,
      labelCount: 30,
      quality: 0.8,
      perSublist: [],
      features: { ...features, uses: ['tags'] },
    });
    const text = result.embeds[0]?.description ?? '';
    expect(text).toContain(
      'ReccoBeats is not answering, so audio features are not arriving now; this model learned from what it had.',
    );
    expect(text).not.toContain('still arriving');
    expect(text).not.toContain('fetch failed');
  });

  it('names every failing provider of a kind', () => {
    const both = { ...features, stalled: [{ kind: 'tags' as const, providers: ['musicbrainz', 'lastfm'] }] };
    expect(
      trainProgressView('Moods', { fraction: 0.2, stage: 'training', features: both }).content,
    ).toContain('MusicBrainz and Last.fm are not answering, so tags are not arriving now');
  });
});
