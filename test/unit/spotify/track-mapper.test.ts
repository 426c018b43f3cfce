import { describe, expect, it } from 'vitest';
import type { SpotifyTrack } from '../../../src/spotify/api-types.js';
import { mapItem } from '../../../src/spotify/track-mapper.js';

const spotifyTrack = (album: Record<string, unknown>) =>
  ({
    id: '4uLU6hMCjMI75M1A2tKUQC',
    type: 'track',
    name: 'Never Gonna Give You Up',
    artists: [{ id: '0gxyHStUsqpMadRV0Di1Qt', name: 'Rick Astley' }],
    album: {
      id: '6XzyAQs2jU4PMWmnFlEQLW',
      name: 'Whenever You Need Somebody',
      release_date: '1987-11-12',
      ...album,
    },
    duration_ms: 213573,
    explicit: false,
    external_ids: { isrc: 'GBARL9300135' },
  }) as unknown as SpotifyTrack;

describe('mapItem', () => {
  it("keeps the album's largest image as its cover", () => {
    const mapped = mapItem(
      spotifyTrack({
        images: [
          { url: 'https://i.scdn.co/image/large', width: 640, height: 640 },
          { url: 'https://i.scdn.co/image/small', width: 64, height: 64 },
        ],
      }),
    );
    expect(mapped).toMatchObject({
      kind: 'track',
      track: { album: { name: 'Whenever You Need Somebody', imageUrl: 'https://i.scdn.co/image/large' } },
    });
  });

  it('leaves the cover out when the album has no image', () => {
    const mapped = mapItem(spotifyTrack({ images: [] }));
    expect(mapped.kind === 'track' && 'imageUrl' in mapped.track.album).toBe(false);
  });
});
