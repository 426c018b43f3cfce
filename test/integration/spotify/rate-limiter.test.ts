import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import type Bottleneck from 'bottleneck';
import { afterAll, describe, expect, it } from 'vitest';
import { createSpotifyLimiter } from '../../../src/spotify/rate-limiter.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const redisAnswers = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const hasRedis = await redisAnswers(REDIS_URL);
if (!hasRedis) console.warn(`rate-limiter cluster test skipped: no Redis at ${REDIS_URL}`);

/** Runs `jobs` slow jobs spread over the limiters and reports the most that ran at once. */
const peakConcurrency = async (limiters: Bottleneck[], jobs: number): Promise<number> => {
  let running = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: jobs }, (_, i) =>
      limiters[i % limiters.length]!.schedule(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
      }),
    ),
  );
  return peak;
};

describe('createSpotifyLimiter', () => {
  const opened: Bottleneck[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((limiter) => limiter.disconnect()));
  });

  it('bounds concurrency in one process without Redis', async () => {
    const limiter = createSpotifyLimiter({
      clientId: 'local',
      redisUrl: undefined,
      maxConcurrent: 2,
      minTime: 0,
    });
    expect(limiter.datastore).toBe('local');
    expect(await peakConcurrency([limiter], 8)).toBe(2);
  });

  it.skipIf(!hasRedis)('shares one budget between limiters of the same app through Redis', async () => {
    const clientId = `test-${randomUUID()}`;
    const a = createSpotifyLimiter({
      clientId,
      redisUrl: REDIS_URL,
      maxConcurrent: 1,
      minTime: 0,
      keyTtlMs: 60_000,
    });
    const b = createSpotifyLimiter({
      clientId,
      redisUrl: REDIS_URL,
      maxConcurrent: 1,
      minTime: 0,
      keyTtlMs: 60_000,
    });
    opened.push(a, b);
    await Promise.all([a.ready(), b.ready()]);
    expect(a.datastore).toBe('ioredis');
    expect(await peakConcurrency([a, b], 6)).toBe(1);
  });
});
