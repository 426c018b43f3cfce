import { type FakeReply, FakeHttpServer, type RecordedRequest } from './fake-http-server.js';

export type FakeTags = { name: string; count: number }[];

const RATE_LIMITED: FakeReply = {
  status: 429,
  body: { error: 29, message: 'Rate Limit Exceeded - Your IP has made too many requests in a short period' },
};

/** Last.fm `track.getTopTags` and `artist.getTopTags` (format=json), with error 29 on demand. */
export class FakeLastfm extends FakeHttpServer {
  /** Keyed by `artist` or `artist\u0000track`, lower case. */
  readonly topTags = new Map<string, FakeTags>();
  rateLimitNext = 0;

  constructor(readonly apiKey: string) {
    super((request) => this.answer(request));
  }

  setTrackTags(artist: string, track: string, tags: FakeTags): void {
    this.topTags.set(`${artist.toLowerCase()}\u0000${track.toLowerCase()}`, tags);
  }

  setArtistTags(artist: string, tags: FakeTags): void {
    this.topTags.set(artist.toLowerCase(), tags);
  }

  countMethod(method: string): number {
    return this.requests.filter((r) => r.query.get('method') === method).length;
  }

  private answer(request: RecordedRequest): FakeReply {
    const q = request.query;
    if (q.get('api_key') !== this.apiKey)
      return {
        status: 403,
        body: { error: 10, message: 'Invalid API key - You must be granted a valid key by last.fm' },
      };
    if (this.rateLimitNext > 0) {
      this.rateLimitNext -= 1;
      return RATE_LIMITED;
    }
    const artist = q.get('artist') ?? '';
    const method = q.get('method');
    const tags = (key: string, attr: Record<string, string>, missing: string): FakeReply => {
      const found = this.topTags.get(key);
      if (!found) return { status: 200, body: { error: 6, message: missing, links: [] } };
      return {
        status: 200,
        body: {
          toptags: {
            tag: found.map((t) => ({
              count: t.count,
              name: t.name,
              url: `https://www.last.fm/tag/${encodeURIComponent(t.name)}`,
            })),
            '@attr': attr,
          },
        },
      };
    };
    if (method === 'track.gettoptags' || method === 'track.getTopTags') {
      const track = q.get('track') ?? '';
      return tags(
        `${artist.toLowerCase()}\u0000${track.toLowerCase()}`,
        { artist, track },
        'Track not found',
      );
    }
    if (method === 'artist.gettoptags' || method === 'artist.getTopTags')
      return tags(artist.toLowerCase(), { artist }, 'The artist you supplied could not be found');
    return {
      status: 400,
      body: { error: 3, message: 'Invalid Method - No method with that name in this package' },
    };
  }
}
