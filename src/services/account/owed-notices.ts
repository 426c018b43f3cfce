import { type DmMessage, type Notifier, owedAgain } from '../ports/notifier.js';

/** A one-off DM that a migration left owed to some users, stored with them until it goes out. */
export interface OwedNotice {
  message: DmMessage;
  /** The users owed it, each claimed once however many processes start together. */
  claim(): Promise<string[]>;
  /** Owes it again (its DM did not go out). */
  release(userId: string, at: Date): Promise<void>;
}

/** Users owed the "your Spotify link was removed" DM (the users repository). */
export interface LinkRemovedNoticeStore {
  claimLinkRemovedNotices(): Promise<{ userId: string; linked: boolean }[]>;
  releaseLinkRemovedNotice(userId: string, at: Date): Promise<void>;
}

/**
 * Each user whose Spotify link the bot removed (LinkRemovedNotice1796684400000 marks them) is told
 * it is gone and how to link again; a user linked again since is told nothing.
 */
export const linkRemovedNotice = (store: LinkRemovedNoticeStore): OwedNotice => ({
  message: { kind: 'link-removed' },
  claim: async () =>
    (await store.claimLinkRemovedNotices()).filter((owed) => !owed.linked).map((owed) => owed.userId),
  release: (userId, at) => store.releaseLinkRemovedNotice(userId, at),
});

/** Users owed the "public results are per server now, and off" DM (the user settings repository). */
export interface PublicResultsResetNoticeStore {
  claimPublicResultsResetNotices(): Promise<string[]>;
  releasePublicResultsResetNotice(userId: string, at: Date): Promise<void>;
}

/**
 * Each user who had public results on when they became per server (PublicResultsPerServer1796716800000
 * turned them off everywhere and marks them) is told so, and how to turn them on where they meant.
 */
export const publicResultsResetNotice = (store: PublicResultsResetNoticeStore): OwedNotice => ({
  message: { kind: 'public-results-reset' },
  claim: () => store.claimPublicResultsResetNotices(),
  release: (userId, at) => store.releasePublicResultsResetNotice(userId, at),
});

/**
 * Sends the notices, each once; returns how many went out. Run at each start: a DM that did not go
 * out (Discord down, DMs held back after a refusal) is owed again for the next start; one Discord
 * refused is not (the user's /status shows the refusal). A notifier that throws leaves its user
 * owed, and the error is thrown once the others were told.
 */
export const tellOwedNotices = async (
  notices: readonly OwedNotice[],
  notifier: Notifier,
  now: () => Date = () => new Date(),
): Promise<number> => {
  let told = 0;
  let failure: unknown;
  for (const notice of notices) {
    for (const userId of await notice.claim()) {
      try {
        const sent = await notifier.sendDm(userId, notice.message);
        if (sent.delivered) told += 1;
        else if (owedAgain(sent)) await notice.release(userId, now());
      } catch (error) {
        // The others are still told; this one is owed again, and the failure is thrown at the end.
        failure ??= error;
        await notice.release(userId, now());
      }
    }
  }
  if (failure !== undefined) throw failure;
  return told;
};
