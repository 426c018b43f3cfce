import { NotLinkedError } from './errors.js';
import type { AccountDirectory, LinkedAccount } from './library-ports.js';
import { SpotifyLinkExpiredError } from './spotify-errors.js';

/** The user's linked account; a user error when there is none or Spotify dropped it. */
export const requireLinked = async (accounts: AccountDirectory, userId: string): Promise<LinkedAccount> => {
  const account = await accounts.accountOf(userId);
  if (!account) throw new NotLinkedError();
  if (account.status === 'expired') throw new SpotifyLinkExpiredError(userId);
  return account;
};
