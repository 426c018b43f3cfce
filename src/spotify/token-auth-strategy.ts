import type { AccessToken, IAuthStrategy, SdkConfiguration } from '@spotify/web-api-ts-sdk';
import { SpotifyTokenError } from './errors.js';
import type { TokenGrant } from './oauth-client.js';
import type { AccessTokenRefresher } from './spotify-transport.js';

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/** Where one user's tokens live (encrypted in the database, in practice). */
export interface TokenStore {
  load(): Promise<StoredTokens>;
  save(tokens: StoredTokens): Promise<void>;
  /** Records that the grant is dead (invalid_grant) and returns the error to throw. */
  linkExpired(cause: SpotifyTokenError): Promise<Error>;
}

export interface TokenRefresher {
  refresh(refreshToken: string): Promise<TokenGrant>;
}

/** Refresh this long before Spotify's expiry, so a token does not die between check and use. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The SDK's IAuthStrategy over stored tokens: refreshes with the client secret (the SDK's own
 * strategies cannot), keeps a rotated refresh token, and reports invalid_grant to the store.
 */
export class TokenAuthStrategy implements IAuthStrategy, AccessTokenRefresher {
  private tokens: StoredTokens | undefined;
  private refreshing: Promise<StoredTokens> | undefined;

  constructor(
    private readonly store: TokenStore,
    private readonly refresher: TokenRefresher,
    /** The clock tokens expire on (a benchmark's simulated days, else the system's). */
    private readonly now: () => number = Date.now,
  ) {}

  setConfiguration(_configuration: SdkConfiguration): void {}

  async getOrCreateAccessToken(): Promise<AccessToken> {
    let tokens = (this.tokens ??= await this.store.load());
    if (tokens.expiresAt.getTime() - this.now() < EXPIRY_MARGIN_MS)
      tokens = await this.refresh(tokens.accessToken);
    return this.toAccessToken(tokens);
  }

  async getAccessToken(): Promise<AccessToken | null> {
    return this.tokens ? this.toAccessToken(this.tokens) : null;
  }

  removeAccessToken(): void {
    this.tokens = undefined;
  }

  async refreshAfterRejection(rejected: string): Promise<string> {
    return (await this.refresh(rejected)).accessToken;
  }

  /** One refresh at a time; a token already replaced by someone else is not refreshed again. */
  private refresh(stale: string): Promise<StoredTokens> {
    this.refreshing ??= this.refreshOnce(stale).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshOnce(stale: string): Promise<StoredTokens> {
    // Another process (or an earlier call) may have refreshed already; a rotated refresh token
    // would make our copy invalid, so start from what the store holds now.
    const stored = await this.store.load();
    if (stored.accessToken !== stale && stored.expiresAt.getTime() - this.now() >= EXPIRY_MARGIN_MS) {
      return (this.tokens = stored);
    }
    let grant: TokenGrant;
    try {
      grant = await this.refresher.refresh(stored.refreshToken);
    } catch (error) {
      if (error instanceof SpotifyTokenError && error.invalidGrant) throw await this.store.linkExpired(error);
      throw error;
    }
    const next: StoredTokens = {
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken ?? stored.refreshToken,
      expiresAt: grant.expiresAt,
    };
    await this.store.save(next);
    return (this.tokens = next);
  }

  private toAccessToken(tokens: StoredTokens): AccessToken {
    return {
      access_token: tokens.accessToken,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.floor((tokens.expiresAt.getTime() - this.now()) / 1000)),
      refresh_token: '',
      expires: tokens.expiresAt.getTime(),
    };
  }
}
