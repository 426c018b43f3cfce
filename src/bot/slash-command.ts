import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from './bot-services.js';

/** One slash command: its definition (as deployed) and its handlers. */
export interface SlashCommand {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

export const isSlashCommand = (value: unknown): value is SlashCommand => {
  const candidate = value as Partial<SlashCommand> | undefined;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.data?.name === 'string' &&
    typeof candidate.execute === 'function'
  );
};
