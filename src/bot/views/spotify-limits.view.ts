import { ButtonStyle, ComponentType } from 'discord.js';
import type { UserStatus } from '../../services/account/status.service.js';
import { customId } from '../custom-id.js';
import { duration, type View } from './view.js';
import { discordTime } from './user-error.view.js';

/**
 * "sync every 25 minutes (you asked for 10 minutes: the daily Spotify budget stretches it) · next
 * <t:…:R>", or "(the default is 7 days: …)" when the user set no interval.
 */
export const syncLine = (status: UserStatus): string => {
  const { sync } = status;
  if (!sync) return `sync every ${duration(status.syncIntervalMinutes)}`;
  const wish =
    status.settings.syncIntervalMinutes === null
      ? `the default is ${duration(sync.wishMinutes)}`
      : `you asked for ${duration(sync.wishMinutes)}`;
  const stretched =
    sync.effectiveMinutes > sync.wishMinutes ? ` (${wish}: the daily Spotify budget stretches it)` : '';
  // A quota block says why itself (spotifySpend); a spent share of the budget is said here.
  const waiting =
    sync.syncsResumeAt && !sync.blockedUntil && sync.syncsResumeAt >= sync.nextSyncAt
      ? ' (syncs have spent their share of the daily Spotify budget until then; the rest is kept for commands)'
      : '';
  return `sync every ${duration(sync.effectiveMinutes)}${stretched} · next ${discordTime(sync.nextSyncAt, 'R')}${waiting}`;
};

/** The bot's Spotify spend of the last 24 hours, and a quota block while it lasts. */
export const spotifySpend = (status: UserStatus): string => {
  const { sync } = status;
  if (!sync) return '';
  const block = sync.blockedUntil
    ? `\n⚠️ Spotify's quota blocks the bot until ${discordTime(sync.blockedUntil, 't')} (${discordTime(sync.blockedUntil, 'R')}); syncs resume then.`
    : '';
  const learned = sync.learnedFromBlock
    ? ` (Spotify's quota blocked the bot ${discordTime(sync.learnedFromBlock.at, 'R')} after ${sync.learnedFromBlock.requests} requests in 24 h, below the ${sync.learnedFromBlock.configured} configured: the bot now plans with ${sync.dailyBudget})`
    : '';
  return `\nSpotify requests (whole bot, last 24 h): ${sync.requestsUsed} used, ${sync.requestsLeft} left of ${sync.dailyBudget}${learned}${block}`;
};

/** When the Spotify link dies (Spotify asks for a new approval every 6 months). */
export const linkAge = (status: UserStatus): string =>
  status.linkExpiresAt && status.account?.status !== 'expired'
    ? ` · link expires ${discordTime(status.linkExpiresAt, 'D')} (${discordTime(status.linkExpiresAt, 'R')})`
    : '';

/** A button that starts `/link` again (the `rl` handler answers it with a fresh one-time link). */
export const linkAgainRow: View['components'][number] = {
  type: ComponentType.ActionRow,
  components: [
    {
      type: ComponentType.Button,
      custom_id: customId('rl'),
      label: 'Link again',
      style: ButtonStyle.Primary,
    },
  ],
};

/** A week before the link dies: what happens, and a button that starts `/link` again. */
export const linkExpiringDm = (expiresAt: Date): View => ({
  content: `Spotify stops accepting Motherlist's access to your account ${discordTime(expiresAt, 'R')} (${discordTime(expiresAt, 'f')}): it asks for a new approval every 6 months. Link again to keep your library sorted; your layers, labels and models stay.`,
  embeds: [],
  components: [linkAgainRow],
});
