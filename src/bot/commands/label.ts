import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { Logger } from '../../logger.js';
import { isUserError } from '../../services/errors.js';
import type { LabelSessionService, SessionStep } from '../../services/labels/label-session.service.js';
import { autocompleteNames, layerOption } from '../command-helpers.js';
import { deferSession, showFirstStep } from '../label-flow.js';
import { reportError } from '../respond.js';
import type { SlashCommand } from '../slash-command.js';
import { libraryReadingText, type LibraryReading } from '../views/user-error.view.js';

/** How often a /label that waits for the first library read looks again. */
const READ_POLL_MS = 3_000;
/** It waits while Discord lets the reply change (15 minutes), with a margin. */
const READ_WAIT_MS = 13 * 60_000;

const FIRST_CARD_COMES = 'Your first card shows here when it is done.';

/** How far the first library read is, when that is why the session could not start. */
const readingOf = (error: unknown): LibraryReading | undefined =>
  isUserError(error) && error.problem.code === 'library-reading' ? error.problem : undefined;

const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * Before the first read of the library is done, the reply says how far it is and shows the first
 * card once the read is done (within the reply's 15 minutes; later, it says to run /label again).
 */
const showWhenRead = async (
  interaction: ChatInputCommandInteraction,
  labelSessions: LabelSessionService,
  start: () => Promise<SessionStep>,
  shown: string,
): Promise<void> => {
  for (;;) {
    await pause(READ_POLL_MS);
    try {
      await showFirstStep(interaction, await start(), labelSessions);
      return;
    } catch (error) {
      const reading = readingOf(error);
      if (!reading) throw error;
      const late = Date.now() - interaction.createdTimestamp > READ_WAIT_MS;
      const text = late ? libraryReadingText(reading) : libraryReadingText(reading, FIRST_CARD_COMES);
      if (text !== shown) await interaction.editReply({ content: text, embeds: [], components: [] });
      shown = text;
      if (late) return;
    }
  }
};

const waitInBackground = (work: Promise<void>, interaction: ChatInputCommandInteraction, logger: Logger) => {
  void work.catch((error: unknown) =>
    reportError(interaction, error, logger, 'label (after the library read)'),
  );
};

export default {
  data: new SlashCommandBuilder()
    .setName('label')
    .setDescription('Label tracks of a layer by pressing buttons (continues your open session)')
    .addStringOption((o) => layerOption(o))
    .toJSON(),
  async execute(interaction, { services, logger }) {
    // Deferred at once: /label comes in bursts (a group starting together) and the session's
    // checks and first pick touch the database. The reply is the session's one message, only
    // for its owner; each press edits it (with a fresh token of its own).
    await deferSession(interaction);
    const start = () =>
      services.labelSessions.start(
        interaction.user.id,
        interaction.options.getString('layer', true),
        interaction.channelId,
      );
    let step: SessionStep;
    try {
      step = await start();
    } catch (error) {
      const reading = readingOf(error);
      if (!reading) throw error;
      const shown = libraryReadingText(reading, FIRST_CARD_COMES);
      await interaction.editReply({ content: shown, embeds: [], components: [] });
      // The handler returns; the reply keeps waiting for the read without holding the interaction.
      waitInBackground(showWhenRead(interaction, services.labelSessions, start, shown), interaction, logger);
      return;
    }
    await showFirstStep(interaction, step, services.labelSessions);
  },
  autocomplete: autocompleteNames,
} satisfies SlashCommand;
