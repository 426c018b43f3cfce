import { Events, type Client, type Interaction } from 'discord.js';
import { StaleComponentError } from '../services/errors.js';
import type { BotContext } from './bot-services.js';
import type { ComponentHandler } from './component-handler.js';
import { parseCustomId } from './custom-id.js';
import { reportError } from './respond.js';
import type { SlashCommand } from './slash-command.js';

export interface InteractionRouterOptions {
  commands: ReadonlyMap<string, SlashCommand>;
  components: readonly ComponentHandler[];
  context: BotContext;
}

/** Sends each interaction to its command or component handler; every failure gets an answer. */
export const createInteractionRouter = ({ commands, components, context }: InteractionRouterOptions) => {
  const byKind = new Map<string, ComponentHandler>();
  for (const handler of components) {
    if (byKind.has(handler.kind)) throw new Error(`Two component handlers for kind ${handler.kind}`);
    byKind.set(handler.kind, handler);
  }
  const { logger } = context;

  return async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      try {
        await command?.autocomplete?.(interaction, context);
      } catch (error) {
        logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      }
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      const where = `/${interaction.commandName}`;
      try {
        if (!command) throw new StaleComponentError('This command no longer exists; see `/help`.');
        await command.execute(interaction, context);
      } catch (error) {
        await reportError(interaction, error, logger, where);
      }
      return;
    }
    if (interaction.isMessageComponent()) {
      const where = `component ${interaction.customId}`;
      try {
        const parsed = parseCustomId(interaction.customId);
        if (!parsed.ok) {
          throw new StaleComponentError(
            'This button comes from an older version of Motherlist and no longer works. Run the command again.',
          );
        }
        const handler = byKind.get(parsed.id.kind);
        if (!handler) throw new StaleComponentError();
        await handler.handle(interaction, parsed.id.args, context);
      } catch (error) {
        await reportError(interaction, error, logger, where);
      }
    }
  };
};

export const attachInteractionRouter = (client: Client, options: InteractionRouterOptions): void => {
  const route = createInteractionRouter(options);
  client.on(Events.InteractionCreate, (interaction) => {
    void route(interaction).catch((error: unknown) =>
      options.context.logger.error({ err: error }, 'interaction router failed'),
    );
  });
};
