import type { AudioFeatures } from '../../core/track.js';
import type {
  BlockAnswer,
  TrackEnrichmentState,
  TrackEnrichmentUpdate,
} from '../../core/enrichment-records.js';
import type { AudioFeatureSource, TagSource } from '../ports/enrichment.ports.js';

export interface EnrichmentTrackStore {
  tracksForEnrichment(trackIds: readonly string[]): Promise<TrackEnrichmentState[]>;
  libraryTrackIds(userId: string): Promise<string[]>;
  writeEnrichment(updates: readonly TrackEnrichmentUpdate[]): Promise<void>;
}

export interface EnrichmentSummary {
  tracks: number;
  /** Tracks whose columns changed. */
  updated: number;
  withAudioFeatures: number;
  withTags: number;
  /** Per provider: tracks it could not answer this time (down, rate limited, circuit open). */
  unavailable: Record<string, number>;
}

export interface EnrichTracksOptions {
  /** Tracks per round; each round's results are written before the next starts. */
  chunkSize?: number;
  maxTags?: number;
}

/** `hip-hop`, `Hip Hop` and `hip_hop` are one tag. */
export const normalizeTag = (tag: string): string =>
  tag.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

interface Merged<T> {
  value: T | null;
  /** Every provider of the block answered. */
  complete: boolean;
}

/**
 * The column's next value, or undefined to leave it: a complete answer replaces it; a partial one
 * (some provider down) only fills an empty column, so an outage never erases what was known.
 */
const nextValue = <T>(current: T | null, merged: Merged<T>): T | null | undefined => {
  if (merged.complete) return sameJson(current, merged.value) ? undefined : merged.value;
  return current === null && merged.value !== null ? merged.value : undefined;
};

/**
 * Fills `tracks.audio_features` and `tracks.tags` from the enrichment providers. Runs in the
 * background after a sync; a provider that is down only leaves its block empty.
 */
export class EnrichTracksService {
  private readonly chunkSize: number;
  private readonly maxTags: number;

  constructor(
    private readonly store: EnrichmentTrackStore,
    private readonly sources: { audio: readonly AudioFeatureSource[]; tags: readonly TagSource[] },
    options: EnrichTracksOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? 200;
    this.maxTags = options.maxTags ?? 20;
  }

  /** Enriches every track of the user's synced library. */
  async enrichLibrary(userId: string): Promise<EnrichmentSummary> {
    return this.enrichTracks(await this.store.libraryTrackIds(userId));
  }

  async enrichTracks(trackIds: readonly string[]): Promise<EnrichmentSummary> {
    const summary: EnrichmentSummary = {
      tracks: 0,
      updated: 0,
      withAudioFeatures: 0,
      withTags: 0,
      unavailable: {},
    };
    const ids = [...new Set(trackIds)];
    for (let start = 0; start < ids.length; start += this.chunkSize) {
      const tracks = await this.store.tracksForEnrichment(ids.slice(start, start + this.chunkSize));
      await this.enrichChunk(tracks, summary);
    }
    return summary;
  }

  private async enrichChunk(
    tracks: readonly TrackEnrichmentState[],
    summary: EnrichmentSummary,
  ): Promise<void> {
    const [audio, tags] = await Promise.all([
      Promise.all(
        this.sources.audio.map(async (s) => ({
          provider: s.provider,
          answers: await s.audioFeatures(tracks),
        })),
      ),
      Promise.all(
        this.sources.tags.map(async (s) => ({ provider: s.provider, answers: await s.tags(tracks) })),
      ),
    ]);
    for (const { provider, answers } of [...audio, ...tags]) {
      const count = [...answers.values()].filter((a) => a.status === 'unavailable').length;
      if (count > 0) summary.unavailable[provider] = (summary.unavailable[provider] ?? 0) + count;
    }
    const updates: TrackEnrichmentUpdate[] = [];
    for (const track of tracks) {
      const audioFeatures = nextValue(
        track.audioFeatures,
        this.mergeAudio(audio.map((s) => s.answers.get(track.id))),
      );
      const trackTags = nextValue(track.tags, this.mergeTags(tags.map((s) => s.answers.get(track.id))));
      if (audioFeatures !== undefined || trackTags !== undefined)
        updates.push({ trackId: track.id, audioFeatures, tags: trackTags });
      summary.tracks += 1;
      if ((audioFeatures === undefined ? track.audioFeatures : audioFeatures) !== null)
        summary.withAudioFeatures += 1;
      if ((trackTags === undefined ? track.tags : trackTags) !== null) summary.withTags += 1;
    }
    await this.store.writeEnrichment(updates);
    summary.updated += updates.length;
  }

  /** The first provider that knows the track wins. */
  private mergeAudio(answers: readonly (BlockAnswer<AudioFeatures> | undefined)[]): Merged<AudioFeatures> {
    const found = answers.find((a) => a?.status === 'found');
    return {
      value: found?.status === 'found' ? found.value : null,
      complete: answers.every((a) => a?.status !== 'unavailable'),
    };
  }

  /** Providers in order (MusicBrainz genres and tags, then Last.fm), deduplicated, capped. */
  private mergeTags(answers: readonly (BlockAnswer<string[]> | undefined)[]): Merged<string[]> {
    const tags = new Set<string>();
    for (const answer of answers) {
      if (answer?.status !== 'found') continue;
      for (const tag of answer.value) {
        const normalized = normalizeTag(tag);
        if (normalized !== '' && tags.size < this.maxTags) tags.add(normalized);
      }
    }
    return {
      value: tags.size > 0 ? [...tags] : null,
      complete: answers.every((a) => a?.status !== 'unavailable'),
    };
  }
}
