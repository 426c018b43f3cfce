import { randomBytes } from 'node:crypto';
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../logger.js';
import { isUserError } from '../services/errors.js';
import { userErrorText } from './views/user-error.view.js';

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
  // Commands check what they can before a public deferral; a problem found later must not stay in
  // the public "thinking…" (or progress) message: it goes, and the answer comes privately (with the
  // placeholder gone, a followup is a message of its own and may be ephemeral).
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
    content = userErrorText(error);
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

/**
 * Discord wants a first response within 3 s. Quick work (a few queries) usually answers
 * directly, which keeps user errors ephemeral and saves a request; when it is not done within
 * `budgetMs` (a cold start, a loaded database) `acknowledge` (a deferral) goes out first.
 */
export const withinDeadline = async <T>(
  work: Promise<T>,
  acknowledge: () => Promise<unknown>,
  budgetMs = FIRST_RESPONSE_BUDGET_MS,
): Promise<{ value: T; acknowledged: boolean }> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  const first = await Promise.race([
    work.then(
      () => 'done' as const,
      () => 'done' as const,
    ),
    late,
  ]);
  clearTimeout(timer);
  if (first === 'late') {
    await acknowledge();
    return { value: await work, acknowledged: true };
  }
  return { value: await work, acknowledged: false };
};

/** A quick answer usually comes sooner; past this, a deferral goes out so that load never costs the 3 s deadline. */
export const FIRST_RESPONSE_BUDGET_MS = 250;
