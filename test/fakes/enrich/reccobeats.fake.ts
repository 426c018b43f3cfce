import { randomUUID } from 'node:crypto';
import type { AudioFeatures } from '../../../src/core/track.js';
import { type FakeReply, FakeHttpServer, type RecordedRequest } from './fake-http-server.js';

export interface FakeReccoBeatsTrack {
  isrc?: string;
  features: Omit<AudioFeatures, 'time_signature'>;
}

/** ReccoBeats `GET /v1/audio-features`: known Spotify ids answer, unknown ones are silently dropped. */
export class FakeReccoBeats extends FakeHttpServer {
  readonly tracks = new Map<string, FakeReccoBeatsTrack>();
  private readonly uuids = new Map<string, string>();
  /** Replies served before the normal ones, e.g. a 429 with Retry-After. */
  readonly scripted: FakeReply[] = [];

  constructor() {
    super((request) => this.answer(request));
  }

  /** The ids of each request, as the fake read them. */
  idsOf(request: RecordedRequest): string[] {
    return request.query
      .getAll('ids')
      .flatMap((value) => value.split(','))
      .filter(Boolean);
  }

  private answer(request: RecordedRequest): FakeReply {
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    if (request.path !== '/v1/audio-features') return { status: 404, body: { error: 'Not Found' } };
    // Reported behaviour: ids beyond the 40th are dropped without an error.
    const ids = this.idsOf(request).slice(0, 40);
    const content = ids.flatMap((id) => {
      const track = this.tracks.get(id);
      if (!track) return [];
      const uuid = this.uuids.get(id) ?? randomUUID();
      this.uuids.set(id, uuid);
      return [
        {
          id: uuid,
          href: `https://open.spotify.com/track/${id}`,
          isrc: track.isrc ?? null,
          ...track.features,
        },
      ];
    });
    return { status: 200, body: { content } };
  }
}
