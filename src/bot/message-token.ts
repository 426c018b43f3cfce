import { MessageFlags, SnowflakeUtil, type MessageComponentInteraction } from 'discord.js';

/** A press answered in a new message because the old one could not be changed: said once, on top. */
export const CONTINUED =
  'Continued in a new message: Discord lets a bot change a private message for 15 minutes only.';

/** Discord's lifetime of an interaction token. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/** Room for the work between a press and the edit that answers it. */
const EDIT_MARGIN_MS = 2 * 60_000;

/**
 * Whether the message a button is on can still be changed. An ephemeral message lives on the
 * token of the interaction that made it, 15 minutes: past that (less a margin for the work the
 * press starts) the answer goes into a fresh message. Both times are Discord's own (snowflakes),
 * so the bot's clock does not enter into it. Ordinary messages (a DM) can be changed at any time.
 */
export const changeableInPlace = (interaction: MessageComponentInteraction): boolean => {
  const { message } = interaction;
  const creator = message.interactionMetadata?.id;
  if (!message.flags.has(MessageFlags.Ephemeral) || !creator) return true;
  const age = interaction.createdTimestamp - SnowflakeUtil.timestampFrom(creator);
  return age < TOKEN_LIFETIME_MS - EDIT_MARGIN_MS;
};

/**
 * Acknowledges a press on a message that may be past its token: an update of that message when it
 * can still be changed, else a fresh ephemeral reply that the answer then goes into. Returns which.
 */
export const acknowledgePress = (interaction: MessageComponentInteraction) => {
  const inPlace = changeableInPlace(interaction);
  return {
    inPlace,
    acknowledge: () =>
      inPlace ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral }),
  };
};
