import Bottleneck from 'bottleneck';

export interface SpotifyLimiterOptions {
  /** The Spotify client id: every process using it shares one budget. */
  clientId: string;
  /** When set, the limiter state lives in Redis so that several processes share it. */
  redisUrl: string | undefined;
  maxConcurrent?: number;
  /** Minimum gap between two request starts, in ms. */
  minTime?: number;
  /** Redis keys of a limiter no process has used for this long are dropped. */
  keyTtlMs?: number;
}

/**
 * Spotify publishes no numbers (a rolling 30-second window), so the defaults are conservative:
 * a few requests in flight and at most ~20 starts a second; 429s are handled by the transport.
 */
export const createSpotifyLimiter = ({
  clientId,
  redisUrl,
  maxConcurrent = 4,
  minTime = 50,
  keyTtlMs = 24 * 3_600_000,
}: SpotifyLimiterOptions): Bottleneck => {
  if (!redisUrl) return new Bottleneck({ maxConcurrent, minTime });
  return new Bottleneck({
    id: `motherlist-spotify-${clientId}`,
    maxConcurrent,
    minTime,
    datastore: 'ioredis',
    clearDatastore: false,
    clientOptions: redisUrl,
    timeout: keyTtlMs,
  });
};
