import { randomBytes } from 'node:crypto';
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../logger.js';
import {
  isUserError,
  referenceOf,
  RunFailedError,
  UserErrorCode,
  type UserError,
} from '../services/errors.js';
import type { LinkStarter } from '../services/ports/model-ports.js';
import { linkView } from './views/account.view.js';
import { userErrorText } from './views/user-error.view.js';
import { clip, type View } from './views/view.js';

export const unexpectedErrorMessage = (referenceId: string): string =>
  `Something went wrong on Motherlist’s side. If it keeps happening, tell the bot’s host this reference: \`${referenceId}\`.`;

/** An error's answer that reached the user by DM: it says what it answers, since it is not beside it. */
export const errorByDmMessage = (interaction: RepliableInteraction, content: string): string =>
  clip(
    `About ${interaction.isChatInputCommand() ? `your \`/${interaction.commandName}\`` : 'the button or menu you just used'} (Discord would not take the answer there):\n${content}`,
    2000,
  );

/**
 * Discord's answers when the interaction's token is dead (answered too late, or past its 15
 * minutes): nothing more reaches the user through it.
 */
const TOKEN_GONE_CODES = new Set<unknown>([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.InvalidWebhookToken,
]);

const isTokenGone = (error: unknown) => error instanceof DiscordAPIError && TOKEN_GONE_CODES.has(error.code);

/** Sends an ephemeral message whatever state the interaction is in (fresh, deferred or answered). */
export const sendEphemeral = async (
  interaction: RepliableInteraction,
  content: string,
  components: View['components'] = [],
): Promise<void> => {
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ content, components, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.deferred && !interaction.replied && interaction.ephemeral) {
    await interaction.editReply({ content, embeds: [], components });
    return;
  }
  // Commands check what they can before a public deferral; a problem found later must not stay in
  // the public "thinking…" (or progress) message: it goes, and the answer comes privately (with the
  // placeholder gone, a followup is a message of its own and may be ephemeral).
  if (interaction.deferred && !interaction.replied && !interaction.isMessageComponent()) {
    await interaction.deleteReply().catch(() => undefined);
  }
  await interaction.followUp({ content, components, flags: MessageFlags.Ephemeral });
};

/** "Link first" and "link expired" come with the button that fixes them (a fresh one-time link). */
const fixFor = async (
  error: UserError,
  userId: string,
  link: LinkStarter | undefined,
  logger: Logger,
): Promise<View['components']> => {
  if (!link || (error.code !== UserErrorCode.LinkExpired && error.code !== UserErrorCode.NotLinked))
    return [];
  try {
    return linkView(await link.createLinkUrl(userId)).components;
  } catch (linkError) {
    logger.warn({ err: linkError, user: userId }, 'could not make a link for the answer');
    return [];
  }
};

/**
 * A press whose run ended failed is answered in its message, which says what was not done: the
 * failure is logged here with the run's reference, which the answer shows. Anything else goes on.
 */
export const loggedRunFailure = (
  error: unknown,
  logger: Logger,
  where: string,
  userId: string,
): RunFailedError => {
  if (!(error instanceof RunFailedError)) throw error;
  logger.error({ err: error, referenceId: error.reference, where, user: userId }, 'run failed');
  return error;
};

/** User errors: their message. Anything else: logged with a reference id the user sees. */
export const reportError = async (
  interaction: RepliableInteraction,
  error: unknown,
  logger: Logger,
  where: string,
  /** Makes the link button of "link first" and "link expired" answers. */
  link?: LinkStarter,
): Promise<void> => {
  const user = interaction.user.id;
  let content: string;
  let components: View['components'] = [];
  /** What tells this error apart in the log lines about its answer: its code or its reference. */
  let about: Record<string, unknown>;
  if (isUserError(error)) {
    content = userErrorText(error, interaction.isMessageComponent());
    components = await fixFor(error, user, link, logger);
    about = { where, user, code: error.code };
    logger.debug(about, 'user error');
  } else {
    const referenceId = referenceOf(error) ?? randomBytes(4).toString('hex');
    about = { where, user, referenceId };
    logger.error({ err: error, ...about }, 'interaction failed');
    content = unexpectedErrorMessage(referenceId);
  }
  await tellAboutError(interaction, content, components, logger, about);
};

/**
 * Sends an error's answer so that the user learns of it whatever became of the interaction: in
 * place (reply, or the private "thinking…" edited); when that placeholder was deleted or Discord
 * refused the edit, a follow-up of its own while the token lives; else (the token died, the
 * follow-up was refused) a DM. Each way that failed is logged with what identifies the error
 * (`about`: its code, or the reference the user was shown).
 */
const tellAboutError = async (
  interaction: RepliableInteraction,
  content: string,
  components: View['components'],
  logger: Logger,
  about: Record<string, unknown>,
): Promise<void> => {
  const editsPlaceholder = interaction.deferred && !interaction.replied && interaction.ephemeral === true;
  let failure: unknown;
  try {
    await sendEphemeral(interaction, content, components);
    return;
  } catch (error) {
    failure = error;
  }
  if (editsPlaceholder && !isTokenGone(failure)) {
    logger.warn({ err: failure, ...about }, 'could not answer an error in place; trying a follow-up');
    try {
      await interaction.followUp({ content, components, flags: MessageFlags.Ephemeral });
      logger.warn(about, 'told the user about an error in a follow-up');
      return;
    } catch (error) {
      failure = error;
    }
  }
  logger.warn({ err: failure, ...about }, 'could not answer an error in the interaction; trying a DM');
  try {
    await interaction.user.send({ content: errorByDmMessage(interaction, content), components });
    logger.warn(about, 'told the user about an error by DM');
  } catch (error) {
    logger.warn({ err: error, ...about }, 'could not tell the user about an error');
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
