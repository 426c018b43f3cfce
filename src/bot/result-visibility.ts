import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type Message,
  type MessageComponentInteraction,
} from 'discord.js';
import type { UserSettings } from '../core/layer-records.js';

/**
 * How a reply that shows a person's library (a sort summary, a model's quality) is sent: in a
 * server only they see it, unless they turned `public_results` on in /settings in that server; a
 * DM with the bot is private anyway, and there a normal message stays after the app reloads.
 */
export const resultReplyOptions = (
  interaction: { guildId: string | null },
  settings: Pick<UserSettings, 'publicResultServers'>,
): { flags?: MessageFlags.Ephemeral } =>
  interaction.guildId !== null && !settings.publicResultServers.includes(interaction.guildId)
    ? { flags: MessageFlags.Ephemeral }
    : {};

/** Whether an answer sent with `options` is posted in the channel for everyone (not ephemeral, not a DM). */
export const postsInChannel = (
  interaction: { guildId: string | null },
  options: { flags?: MessageFlags.Ephemeral },
): boolean => options.flags === undefined && interaction.guildId !== null;

/**
 * The deferral of a command whose answer may be public: private, so that while it works only its
 * user sees "thinking…", and a refusal found on the way never shows in the channel (in a DM, an
 * ordinary deferral: the DM is private anyway).
 */
export const deferPrivately = (interaction: ChatInputCommandInteraction) =>
  interaction.deferReply(interaction.guildId !== null ? { flags: MessageFlags.Ephemeral } : {});

/**
 * Answers a command deferred with `deferPrivately` with the visibility `options` say: in place of
 * the private "thinking…" when the answer is private (or in a DM); else that placeholder goes and
 * the answer is posted as a message of its own in the channel. `posted` is true in the second case.
 */
export const answerDeferred = async (
  interaction: ChatInputCommandInteraction,
  view: InteractionEditReplyOptions & InteractionReplyOptions,
  options: { flags?: MessageFlags.Ephemeral },
): Promise<{ message: Message; posted: boolean }> => {
  if (!postsInChannel(interaction, options))
    return { message: await interaction.editReply(view), posted: false };
  // Deleted first: after a deferral Discord turns the first followup into the deferred message.
  await interaction.deleteReply();
  return { message: await interaction.followUp(view), posted: true };
};

/**
 * Whether a press is on a message the channel sees (a summary posted with public results): what
 * the press does is then told to its user alone, and the shared message changes no more than its
 * components.
 */
export const pressedOnSharedMessage = (interaction: MessageComponentInteraction): boolean =>
  interaction.guildId !== null && !interaction.message.flags.has(MessageFlags.Ephemeral);
