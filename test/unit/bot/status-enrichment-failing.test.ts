import { describe, expect, it } from 'vitest';
import { statusView } from '../../../src/bot/views/account.view.js';
import { defaultSettings } from '../../support/memory-stores.js';

const since = new Date('2026-12-07T06:00:00Z');
/** As the provider's health records it: the raw failure is for the log, not for /status. */
const failing = (provider: string, problem: string) => ({
  provider,
  state: 'failing' as const,
  problem,
  since,
  covered: 0,
  total: 484,
});

const enrichmentField = (enrichment: Parameters<typeof statusView>[0]['enrichment']) =>
  statusView({
    account: undefined,
    layers: [],
    settings: defaultSettings('u'),
    syncIntervalMinutes: 10,
    dmFailure: undefined,
    modelBackend: undefined,
    enrichment,
  }).embeds[0]?.fields?.find((field) => field.name === 'Enrichment')?.value ?? '';

/**
 * /status showed every user (unlinked ones too) a failing provider's raw error:
 * `ReccoBeats (audio features): ⚠️ failing since … (reccobeats: request failed: fetch failed)`.
 */
describe('/status of an enrichment provider that is down', () => {
  it('says in words what waits for it, without its error, URL or ids', () => {
    const text = enrichmentField([
      failing(
        'reccobeats',
        'reccobeats: request failed: fetch failed at http://127.0.0.1:9/v1/audio-features?ids=4uLU6hMCjMI75M1A2tKUQC',
      ),
      failing(
        'musicbrainz',
        'musicbrainz: 503 Service Unavailable at https://musicbrainz.org/ws/2/isrc/USUM71703861',
      ),
      failing('lastfm', 'lastfm: 403 Invalid API key'),
    ]);
    expect(text).toContain(
      `ReccoBeats (audio features): ⚠️ not answering since <t:${since.getTime() / 1000}:R>; audio features wait until it is back · 0 of 484 songs`,
    );
    expect(text).toContain('MusicBrainz (tags): ⚠️ not answering since');
    expect(text).toContain('; tags wait until it is back');
    expect(text).toContain('Last.fm (tags): ⚠️ not answering since');
    for (const raw of [
      'failed',
      'fetch',
      'http',
      '127.0.0.1',
      '4uLU6hMCjMI75M1A2tKUQC',
      '503',
      'USUM71703861',
      'API key',
      'reccobeats:',
    ])
      expect(text).not.toContain(raw);
  });
});
