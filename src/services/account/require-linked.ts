import { LibraryNotReadError, NotLinkedError } from '../errors.js';
import type { AccountDirectory, LinkedAccount } from '../ports/library.ports.js';
import { SpotifyLinkExpiredError } from '../spotify-errors.js';

/** The user's linked account; a user error when there is none or Spotify dropped it. */
export const requireLinked = async (accounts: AccountDirectory, userId: string): Promise<LinkedAccount> => {
  const account = await accounts.accountOf(userId);
  if (!account) throw new NotLinkedError();
  if (account.status === 'expired') throw new SpotifyLinkExpiredError(userId);
  return account;
};

/** The linked account whose library has been read once in full; else how far the first read is. */
export const requireLibraryRead = async (
  accounts: AccountDirectory,
  userId: string,
): Promise<LinkedAccount> => {
  const account = await requireLinked(accounts, userId);
  if (!account.libraryRead.done)
    throw new LibraryNotReadError(account.libraryRead.songsRead, account.libraryRead.songsTotal);
  return account;
};
