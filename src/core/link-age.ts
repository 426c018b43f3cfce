const DAY_MS = 86_400_000;

/** Spotify's refresh tokens die this long after the user first approved (relinking restarts it). */
export const LINK_LIFETIME_DAYS = 182;

/** How long before the expiry the user is asked, once, to link again. */
export const LINK_EXPIRY_NOTICE_DAYS = 7;

export const linkExpiresAt = (linkedAt: Date): Date =>
  new Date(linkedAt.getTime() + LINK_LIFETIME_DAYS * DAY_MS);

/** The link dies within the notice period (or already did). */
export const linkExpiresSoon = (linkedAt: Date, now: Date): boolean =>
  linkExpiresAt(linkedAt).getTime() - now.getTime() <= LINK_EXPIRY_NOTICE_DAYS * DAY_MS;
