import { randomUUID } from 'node:crypto';
import { type FakeReply, FakeHttpServer, type RecordedRequest } from './fake-http-server.js';

export interface FakeRecording {
  title: string;
  tags?: { name: string; count: number }[];
  /** Curated genres: on MusicBrainz a genre vote is a tag vote, so they are served as tags too. */
  genres?: { name: string; count: number }[];
}

/**
 * What the real server accepts as `inc` for the isrc resource
 * (musicbrainz-server lib/MusicBrainz/Server/Controller/WS/2/ISRC.pm, 2026): no `genres`.
 */
const ISRC_INCS = new Set([
  'artists',
  'releases',
  'puids',
  'isrcs',
  'artist-credits',
  'aliases',
  'tags',
  'user-tags',
  'ratings',
  'user-ratings',
]);

const tagsOf = (recording: FakeRecording): { name: string; count: number }[] => {
  const votes = new Map<string, number>();
  for (const { name, count } of [...(recording.genres ?? []), ...(recording.tags ?? [])])
    votes.set(name, (votes.get(name) ?? 0) + count);
  return [...votes].map(([name, count]) => ({ name, count }));
};

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/;

const BUSY: FakeReply = {
  status: 503,
  body: {
    error:
      'Your requests are exceeding the allowable rate limit. Please see https://wiki.musicbrainz.org/XMLWebService for more information.',
    help: 'For usage, please see: https://musicbrainz.org/development/mmd',
  },
};

/** MusicBrainz `GET /ws/2/isrc/{isrc}?inc=tags&fmt=json`, with 503 "busy" answers on demand. */
export class FakeMusicBrainz extends FakeHttpServer {
  readonly recordings = new Map<string, FakeRecording[]>();
  /** The next this-many requests are answered 503, as the real service does under load. */
  busyNext = 0;

  constructor() {
    super((request) => this.answer(request));
  }

  private answer(request: RecordedRequest): FakeReply {
    if (!request.userAgent || !/\(.+\)/.test(request.userAgent))
      return { status: 403, body: { error: 'Please provide a meaningful User-Agent' } };
    if (this.busyNext > 0) {
      this.busyNext -= 1;
      return BUSY;
    }
    const match = /^\/ws\/2\/isrc\/([^/]+)$/.exec(request.path);
    if (!match || request.query.get('fmt') !== 'json') return { status: 404, body: { error: 'Not Found' } };
    const isrc = decodeURIComponent(match[1] ?? '');
    if (!ISRC.test(isrc)) return { status: 400, body: { error: 'Invalid isrc.', help: '' } };
    const inc = (request.query.get('inc') ?? '').split(/[+ ]/).filter(Boolean);
    const invalid = inc.find((i) => !ISRC_INCS.has(i));
    if (invalid)
      return {
        status: 400,
        body: { error: `${invalid} is not a valid inc parameter for the isrc resource.`, help: '' },
      };
    const recordings = this.recordings.get(isrc);
    if (!recordings) return { status: 404, body: { error: 'Not Found', help: '' } };
    return {
      status: 200,
      body: {
        isrc,
        recordings: recordings.map((r) => ({
          id: randomUUID(),
          title: r.title,
          length: 200_000,
          disambiguation: '',
          video: false,
          ...(inc.includes('tags') ? { tags: tagsOf(r) } : {}),
        })),
      },
    };
  }
}
