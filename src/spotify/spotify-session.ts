import type { SpotifyAccountStore } from './library-stores.js';
import { SpotifyBudgetExhaustedError, SpotifyQuotaExceededError, type SpotifyTokenError } from './errors.js';
import type { TokenGrant } from './oauth-client.js';
import { SpotifyClient } from './spotify-client.js';
import type { SpotifyTransport } from './spotify-transport.js';
import {
  TokenAuthStrategy,
  type StoredTokens,
  type TokenRefresher,
  type TokenStore,
} from './token-auth-strategy.js';
import type { TokenCipher } from './token-cipher.js';
import {
  SpotifyBudgetError,
  SpotifyLinkExpiredError,
  SpotifyNotLinkedError,
  SpotifyQuotaError,
} from '../services/spotify-errors.js';

export interface SpotifySessionDeps {
  accounts: Pick<SpotifyAccountStore, 'byUserId' | 'saveTokens' | 'markExpired'>;
  cipher: TokenCipher;
  oauth: TokenRefresher;
  /** One per Spotify app: every user's client shares its limiter and back-off. */
  transport: SpotifyTransport;
  /** The clock access tokens expire on (default Date.now). */
  now?: () => number;
}

const toUserError = (error: unknown): unknown => {
  if (error instanceof SpotifyQuotaExceededError)
    return new SpotifyQuotaError(new Date(error.untilMs ?? Date.now() + error.retryAfterMs));
  if (error instanceof SpotifyBudgetExhaustedError)
    return new SpotifyBudgetError(new Date(error.untilMs), error.priority);
  return error;
};

/** A user's tokens in spotify_accounts, encrypted at rest. */
class AccountTokenStore implements TokenStore {
  constructor(
    private readonly userId: string,
    private readonly deps: SpotifySessionDeps,
  ) {}

  async load(): Promise<StoredTokens> {
    const account = await this.deps.accounts.byUserId(this.userId);
    if (!account) throw new SpotifyNotLinkedError(this.userId);
    if (account.status === 'expired') throw new SpotifyLinkExpiredError(this.userId);
    return {
      accessToken: this.deps.cipher.decrypt(account.accessTokenCiphertext),
      refreshToken: this.deps.cipher.decrypt(account.refreshTokenCiphertext),
      expiresAt: account.accessTokenExpiresAt,
    };
  }

  async save(tokens: StoredTokens): Promise<void> {
    await this.deps.accounts.saveTokens(this.userId, {
      accessTokenCiphertext: this.deps.cipher.encrypt(tokens.accessToken),
      refreshTokenCiphertext: this.deps.cipher.encrypt(tokens.refreshToken),
      accessTokenExpiresAt: tokens.expiresAt,
    });
  }

  async linkExpired(_cause: SpotifyTokenError): Promise<Error> {
    await this.deps.accounts.markExpired(this.userId);
    return new SpotifyLinkExpiredError(this.userId);
  }
}

/** Tokens just granted and not stored yet (the link flow reads GET /me with them). */
class GrantTokenStore implements TokenStore {
  constructor(private readonly grant: TokenGrant) {}

  async load(): Promise<StoredTokens> {
    return {
      accessToken: this.grant.accessToken,
      refreshToken: this.grant.refreshToken ?? '',
      expiresAt: this.grant.expiresAt,
    };
  }

  async save(): Promise<void> {}

  async linkExpired(cause: SpotifyTokenError): Promise<Error> {
    return cause;
  }
}

/**
 * Authorized Spotify clients for Discord users. Other services call `spotifyFor(discordUserId)`:
 * it throws SpotifyNotLinkedError or SpotifyLinkExpiredError (user errors) when there is nothing to
 * authorize with, and the client's calls throw SpotifyLinkExpiredError when Spotify refuses the
 * refresh token (the account is then marked expired) and SpotifyQuotaError on QUOTA_EXCEEDED.
 */
export class SpotifySessionService {
  constructor(private readonly deps: SpotifySessionDeps) {}

  async spotifyFor(discordUserId: string): Promise<SpotifyClient> {
    const store = new AccountTokenStore(discordUserId, this.deps);
    await store.load();
    return this.clientWith(store);
  }

  /** A client for a grant that is not stored yet. */
  clientForGrant(grant: TokenGrant): SpotifyClient {
    return this.clientWith(new GrantTokenStore(grant));
  }

  private clientWith(store: TokenStore): SpotifyClient {
    return new SpotifyClient({
      transport: this.deps.transport,
      auth: new TokenAuthStrategy(store, this.deps.oauth, this.deps.now),
      mapError: toUserError,
    });
  }
}
