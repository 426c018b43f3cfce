import { type Notifier, owedAgain } from '../ports/notifier.js';

/** Users owed the "your Spotify link was removed" DM (the users repository). */
export interface LinkRemovedNoticeStore {
  claimLinkRemovedNotices(): Promise<{ userId: string; linked: boolean }[]>;
  releaseLinkRemovedNotice(userId: string, at: Date): Promise<void>;
}

/**
 * Tells each user whose Spotify link the bot removed (LinkRemovedNotice1796684400000 marks them)
 * that it is gone and how to link again, once; returns how many were told. Run at each start: a
 * DM that did not go out (Discord down, DMs held back after a refusal) is owed again for the next
 * start; one Discord refused is not (the user's /status shows the refusal). A user linked again
 * since is told nothing. A notifier that throws leaves its user owed, and the error is thrown
 * once the others were told.
 */
export const tellRemovedLinks = async (
  store: LinkRemovedNoticeStore,
  notifier: Notifier,
  now: () => Date = () => new Date(),
): Promise<number> => {
  let told = 0;
  let failure: unknown;
  for (const { userId, linked } of await store.claimLinkRemovedNotices()) {
    if (linked) continue;
    try {
      const sent = await notifier.sendDm(userId, { kind: 'link-removed' });
      if (sent.delivered) told += 1;
      else if (owedAgain(sent)) await store.releaseLinkRemovedNotice(userId, now());
    } catch (error) {
      // The others are still told; this one is owed again, and the failure is thrown at the end.
      failure ??= error;
      await store.releaseLinkRemovedNotice(userId, now());
    }
  }
  if (failure !== undefined) throw failure;
  return told;
};
