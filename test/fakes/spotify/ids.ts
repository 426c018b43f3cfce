import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A Spotify-shaped ID (22 base62 characters) derived from `parts`: the same input, the same ID. */
export function stableSpotifyId(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let id = '';
  for (let i = 0; id.length < 22; i++) id += BASE62[digest[i % digest.length]! % 62];
  return id;
}

export const SPOTIFY_ID = /^[0-9A-Za-z]{22}$/;

/** mulberry32: a small seeded PRNG so fault probabilities and generated IDs are reproducible. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  base62(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += BASE62[Math.floor(this.next() * 62)];
    return out;
  }
}

/** Unguessable secret material (tokens, codes): not from the seeded generator on purpose. */
export function secret(prefix: string, bytes = 48): string {
  return prefix + randomBytes(bytes).toString('base64url');
}
