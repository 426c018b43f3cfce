import type { MessageComponentInteraction } from 'discord.js';
import type { BotContext } from './bot-services.js';
import type { ComponentKind } from './custom-id.js';

/** Handles the buttons and menus whose custom_id has this kind. */
export interface ComponentHandler {
  kind: ComponentKind;
  handle(interaction: MessageComponentInteraction, args: string[], context: BotContext): Promise<void>;
}
