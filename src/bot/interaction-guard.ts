import { randomBytes } from 'node:crypto';
import { InteractionResponseType, InteractionType, MessageFlags, Routes, type Client } from 'discord.js';
import type { Logger } from '../logger.js';

interface InteractionCreateAction {
  handle(data: unknown): unknown;
}

export const unreadableInteractionMessage = (referenceId: string): string =>
  `Discord sent this in a form Motherlist cannot read, so nothing was done. Try again; if it keeps happening, tell the bot’s host this reference: \`${referenceId}\`.`;

/** The raw INTERACTION_CREATE payload as far as answering it needs. */
const answerableOf = (data: unknown): { id: string; token: string; type: unknown } | undefined => {
  if (typeof data !== 'object' || data === null) return undefined;
  const { id, token, type } = data as Record<string, unknown>;
  return typeof id === 'string' && typeof token === 'string' ? { id, token, type } : undefined;
};

/**
 * discord.js builds interaction objects from the raw INTERACTION_CREATE payload inside the
 * gateway's message handler, outside every listener of ours: a payload it cannot read (a
 * component interaction without `message` throws in `MessageManager._add`) becomes an unhandled
 * rejection and ends the process. The client offers no public hook before that step, so this
 * wraps its InteractionCreate action: a payload that throws there is logged with a reference and,
 * when it carries an id and a token, answered (an empty choice list for an autocomplete).
 */
export const guardInteractionEntry = (client: Client, logger: Logger): void => {
  const actions = (client as unknown as { actions?: { InteractionCreate?: InteractionCreateAction } })
    .actions;
  const action = actions?.InteractionCreate;
  if (typeof action?.handle !== 'function') {
    // Fails at start (and in every bot test) rather than leaving the entry unguarded after an upgrade.
    throw new Error(
      'discord.js has no actions.InteractionCreate.handle to guard; check interaction-guard.ts',
    );
  }
  const handle = action.handle.bind(action);
  action.handle = (data: unknown) => {
    try {
      return handle(data);
    } catch (error) {
      const referenceId = randomBytes(4).toString('hex');
      logger.error({ err: error, referenceId }, 'unreadable interaction payload');
      void answerUnreadable(client, data, referenceId).catch((answerError: unknown) =>
        logger.warn({ err: answerError, referenceId }, 'could not answer an unreadable interaction'),
      );
      return undefined;
    }
  };
};

const answerUnreadable = async (client: Client, data: unknown, referenceId: string): Promise<void> => {
  const interaction = answerableOf(data);
  if (!interaction || interaction.type === InteractionType.Ping) return;
  const body =
    interaction.type === InteractionType.ApplicationCommandAutocomplete
      ? { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } }
      : {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: {
            content: unreadableInteractionMessage(referenceId),
            flags: MessageFlags.Ephemeral,
            allowed_mentions: { parse: [] },
          },
        };
  await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
    body,
    auth: false,
  });
};
