import {
  ApplicationIntegrationType,
  InteractionContextType,
  REST,
  Routes,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsResult,
} from 'discord.js';
import { loadConfig, readEnvFile } from '../config.js';
import { loadCommands } from './command-registry.js';

/**
 * Every command works for a server that added the bot and for a person who added the app to their
 * own account (no server needed), in servers and in DMs with the bot. Discord honours these
 * fields for global commands only: guild registration (development) keeps commands in that server.
 */
const withInstallContexts = (
  data: RESTPostAPIChatInputApplicationCommandsJSONBody,
): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
  ...data,
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
});

/**
 * `npm run deploy-commands`: registers the slash commands, globally (servers, DMs and user
 * installs) or, with DISCORD_DEV_GUILD_ID, in one guild, where changes show at once. Never run on
 * every start.
 */
export const deployCommands = async (options: {
  token: string;
  apiUrl: string;
  guildId: string | undefined;
}): Promise<RESTPutAPIApplicationCommandsResult> => {
  const commands = await loadCommands();
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  const application = (await rest.get(Routes.currentApplication())) as { id: string };
  const body = [...commands.values()].map((command) => withInstallContexts(command.data));
  const route = options.guildId
    ? Routes.applicationGuildCommands(application.id, options.guildId)
    : Routes.applicationCommands(application.id);
  return (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
};

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));

if (isMain) {
  readEnvFile();
  const config = loadConfig();
  deployCommands({
    token: config.discord.token,
    apiUrl: config.discord.apiUrl,
    guildId: config.discord.devGuildId,
  })
    .then((deployed) => {
      const where = config.discord.devGuildId
        ? `in guild ${config.discord.devGuildId} only (not in DMs)`
        : 'globally (servers and DMs)';
      console.log(
        `Deployed ${deployed.length} slash commands ${where}: ${deployed.map((c) => `/${c.name}`).join(' ')}`,
      );
    })
    .catch((error: unknown) => {
      console.error('Deploying the slash commands failed:', error);
      process.exit(1);
    });
}
