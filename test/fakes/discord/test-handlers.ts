import { Events, type Client, type Interaction } from 'discord.js';

type Handler = (interaction: Interaction) => Promise<unknown>;

/**
 * Routes interactions in the fake's own tests to per-test handlers: by command name for
 * commands and autocomplete, by custom_id prefix (before ':') for components and modals. Handler
 * errors are kept so a test can assert on them instead of losing them in an event listener.
 */
export class TestHandlers {
  readonly errors: unknown[] = [];
  private readonly handlers = new Map<string, Handler>();

  constructor(client: Client) {
    client.on(Events.InteractionCreate, (interaction) => void this.route(interaction));
  }

  /** `key` is a command name, or a component custom_id prefix. */
  on(key: string, handler: Handler): void {
    this.handlers.set(key, handler);
  }

  private async route(interaction: Interaction): Promise<void> {
    const key =
      interaction.isCommand() || interaction.isAutocomplete()
        ? interaction.commandName
        : interaction.isMessageComponent() || interaction.isModalSubmit()
          ? (interaction.customId.split(':')[0] ?? '')
          : '';
    const handler = this.handlers.get(key);
    if (handler === undefined) {
      this.errors.push(new Error(`no test handler for "${key}"`));
      return;
    }
    try {
      await handler(interaction);
    } catch (error) {
      this.errors.push(error);
    }
  }
}
