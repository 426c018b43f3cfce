import type { SpotifyTokenError } from '../../../src/spotify/errors.js';
import type { StoredTokens, TokenStore } from '../../../src/spotify/token-auth-strategy.js';

export class LinkExpiredForTest extends Error {}

/** Tokens held in memory, recording saves and expiry. */
export class MemoryTokenStore implements TokenStore {
  readonly saved: StoredTokens[] = [];
  expired = false;

  constructor(public tokens: StoredTokens) {}

  async load(): Promise<StoredTokens> {
    return { ...this.tokens };
  }

  async save(tokens: StoredTokens): Promise<void> {
    this.tokens = { ...tokens };
    this.saved.push({ ...tokens });
  }

  async linkExpired(cause: SpotifyTokenError): Promise<Error> {
    this.expired = true;
    return new LinkExpiredForTest(cause.message);
  }
}

export const freshTokens = (accessToken = 'access-1', refreshToken = 'refresh-1'): StoredTokens => ({
  accessToken,
  refreshToken,
  expiresAt: new Date(Date.now() + 3_600_000),
});
