import { Events, type Client, type Interaction, type RepliableInteraction } from 'discord.js';
import { UserError } from '../services/errors.js';
import {
  outcomeOf,
  secondsSince,
  type InteractionKind,
  type Metrics,
  type Outcome,
} from '../services/ports/metrics.js';
import type { BotContext } from './bot-services.js';
import { fitsDefinition } from './command-shape.js';
import type { ComponentHandler } from './component-handler.js';
import { parseCustomId } from './custom-id.js';
import { guardInteractionEntry } from './interaction-guard.js';
import { reportError } from './respond.js';
import type { SlashCommand } from './slash-command.js';

export interface InteractionRouterOptions {
  commands: ReadonlyMap<string, SlashCommand>;
  components: readonly ComponentHandler[];
  context: BotContext;
  /** Counts each interaction by command or component kind, outcome and time taken. */
  metrics?: Metrics;
}

/** What the router itself finds stale: an interaction no handler can read or answer. */
const stale = (
  what: 'button' | 'old-button' | 'unreadable-button' | 'old-form' | 'command-gone' | 'command-changed',
) => new UserError({ code: 'stale-component', what });

const answered = (interaction: RepliableInteraction): boolean => interaction.replied || interaction.deferred;

/** Sends each interaction to its command or component handler; every interaction gets an answer. */
export const createInteractionRouter = ({
  commands,
  components,
  context,
  metrics,
}: InteractionRouterOptions) => {
  const byKind = new Map<string, ComponentHandler>();
  for (const handler of components) {
    if (byKind.has(handler.kind)) throw new Error(`Two component handlers for kind ${handler.kind}`);
    byKind.set(handler.kind, handler);
  }
  const { logger } = context;

  /**
   * Runs `work`; a failure, or work that returned without answering, is answered ephemerally.
   * `counted` names it for the metrics (a command or component kind we know, else `unknown`).
   */
  const answering = async (
    interaction: RepliableInteraction,
    where: string,
    unanswered: 'command-changed' | 'old-button',
    counted: { kind: InteractionKind; name: () => string },
    work: () => Promise<void>,
  ) => {
    const startedAt = performance.now();
    let outcome: Outcome = 'ok';
    try {
      await work();
      if (!answered(interaction)) throw stale(unanswered);
    } catch (error) {
      outcome = outcomeOf(error);
      await reportError(interaction, error, logger, where, context.services.link);
    }
    metrics?.interactionHandled(counted.kind, counted.name(), outcome, secondsSince(startedAt));
  };

  return async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      const startedAt = performance.now();
      let outcome: Outcome = 'ok';
      try {
        if (
          command?.autocomplete &&
          fitsDefinition(command.data.options, interaction.options.data, { partial: true })
        )
          await command.autocomplete(interaction, context);
      } catch (error) {
        outcome = outcomeOf(error);
        logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
      }
      // Unknown commands and options get an empty list rather than a spinner that never ends.
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      const name = command ? interaction.commandName : 'unknown';
      metrics?.interactionHandled('autocomplete', name, outcome, secondsSince(startedAt));
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      const counted = {
        kind: 'command',
        name: () => (command ? interaction.commandName : 'unknown'),
      } as const;
      await answering(interaction, `/${interaction.commandName}`, 'command-changed', counted, async () => {
        if (!command) throw stale('command-gone');
        if (!fitsDefinition(command.data.options, interaction.options.data)) throw stale('command-changed');
        await command.execute(interaction, context);
      });
      return;
    }
    if (interaction.isMessageComponent()) {
      let kind = 'unknown';
      const counted = { kind: 'component', name: () => kind } as const;
      await answering(interaction, `component ${interaction.customId}`, 'old-button', counted, async () => {
        // Every button and menu is its owner's alone. Whose it is comes before whether it is readable or
        // what it acts on still exists: a stranger hears "someone else's" even for a deleted run or layer.
        const owner = interaction.message.interactionMetadata?.user.id;
        if (owner !== undefined && owner !== interaction.user.id) throw new UserError({ code: 'not-yours' });
        const parsed = parseCustomId(interaction.customId);
        if (!parsed.ok) throw stale(parsed.reason === 'malformed' ? 'unreadable-button' : 'old-button');
        const handler = byKind.get(parsed.id.kind);
        if (!handler) throw stale('button');
        kind = handler.kind;
        await handler.handle(interaction, parsed.id.args, context);
      });
      return;
    }
    // Modal submits (Motherlist shows no modals today) and any other kind: stale.
    if (interaction.isRepliable()) {
      await reportError(interaction, stale('old-form'), logger, `interaction ${interaction.type}`);
    }
  };
};

export const attachInteractionRouter = (client: Client, options: InteractionRouterOptions): void => {
  guardInteractionEntry(client, options.context.logger);
  const route = createInteractionRouter(options);
  client.on(Events.InteractionCreate, (interaction) => {
    void route(interaction).catch((error: unknown) =>
      options.context.logger.error({ err: error }, 'interaction router failed'),
    );
  });
};
