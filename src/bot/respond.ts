import { randomBytes } from 'node:crypto';
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../logger.js';
import { isUserError } from '../services/errors.js';

export const unexpectedErrorMessage = (referenceId: string): string =>
  `Something went wrong on Motherlist’s side. If it keeps happening, tell the bot’s host this reference: \`${referenceId}\`.`;

/** Sends an ephemeral message whatever state the interaction is in (fresh, deferred or answered). */
export const sendEphemeral = async (interaction: RepliableInteraction, content: string): Promise<void> => {
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.deferred && !interaction.replied && interaction.ephemeral) {
    await interaction.editReply({ content, embeds: [], components: [] });
    return;
  }
  // A public deferral ("thinking…") must not turn into a public error message.
  if (interaction.deferred && !interaction.replied && !interaction.isMessageComponent()) {
    await interaction.deleteReply().catch(() => undefined);
  }
  await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
};

/** User errors: their message. Anything else: logged with a reference id the user sees. */
export const reportError = async (
  interaction: RepliableInteraction,
  error: unknown,
  logger: Logger,
  where: string,
): Promise<void> => {
  let content: string;
  if (isUserError(error)) {
    content = error.message;
    logger.debug({ code: error.code, where, user: interaction.user.id }, 'user error');
  } else {
    const referenceId = randomBytes(4).toString('hex');
    logger.error({ err: error, referenceId, where, user: interaction.user.id }, 'interaction failed');
    content = unexpectedErrorMessage(referenceId);
  }
  try {
    await sendEphemeral(interaction, content);
  } catch (sendError) {
    logger.warn({ err: sendError, where }, 'could not tell the user about an error');
  }
};
