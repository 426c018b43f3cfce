import { MessageFlags } from 'discord.js';
import type { UserSettings } from '../core/layer-records.js';

/**
 * How a reply that shows a person's library (a sort summary, a model's quality) is sent: in a
 * server only they see it, unless they turned `public_results` on in /settings; a DM with the bot
 * is private anyway, and there a normal message stays after the app reloads.
 */
export const resultReplyOptions = (
  interaction: { guildId: string | null },
  settings: Pick<UserSettings, 'publicResults'>,
): { flags?: MessageFlags.Ephemeral } =>
  interaction.guildId !== null && !settings.publicResults ? { flags: MessageFlags.Ephemeral } : {};
