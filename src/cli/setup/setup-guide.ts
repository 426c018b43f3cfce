import { ConfigError, loadConfig, readSetting, type Config } from '../../config.js';
import { deployCommands } from '../../bot/deploy-commands.js';
import { readBotApplication, type BotApplication } from '../../bot/read-bot-application.js';
import { SpotifyNetworkError, SpotifyTokenError } from '../../spotify/errors.js';
import { SpotifyOAuthClient } from '../../spotify/oauth-client.js';
import { CALLBACK_PATH } from '../../web/link.routes.js';
import { parseEnvText, readEnvText, withSettings, writePrivateFile } from './env-file.js';
import { inviteUrl, userInstallUrl } from './invite-url.js';
import type { SetupIo } from './setup-io.js';
import { INTRO, QUESTIONS, SAY, type Question } from './setup-words.js';

export interface SetupRequest {
  /** false: every value comes from the flags, the environment or the env file; a wrong one stops. */
  interactive: boolean;
  envPath: string;
  /** The process environment: it wins over the env file, as when the bot starts. */
  env: NodeJS.ProcessEnv;
  /** Values passed as flags: used without asking (asked again only when wrong). */
  given: { applicationId?: string; spotifyClientId?: string; publicUrl?: string };
  io: SetupIo;
}

/** Ends the guide with a message for the person (exit code 1). */
class SetupStopped extends Error {}

interface Ask {
  question: Question;
  /** Offered as the default: Enter keeps it (a secret one is not shown). */
  current?: string | undefined;
  /** A flag's value: taken without asking. */
  given?: string | undefined;
}

/**
 * `npm run setup`: asks for each value, checks it with Discord and Spotify as it is given,
 * writes the env file (other lines kept, mode 0600), prints the invite link and registers the
 * slash commands. Resolves false when it stopped on a problem it has explained.
 */
export const runSetup = async (request: SetupRequest): Promise<boolean> => {
  try {
    await new SetupGuide(request).run();
    return true;
  } catch (error) {
    if (!(error instanceof SetupStopped)) throw error;
    request.io.say(error.message);
    return false;
  }
};

class SetupGuide {
  private readonly io: SetupIo;
  private settings: NodeJS.ProcessEnv = {};
  /** Questions whose "where to find it" was shown: once is enough. */
  private readonly hinted = new Set<string>();

  constructor(private readonly request: SetupRequest) {
    this.io = request.io;
  }

  async run(): Promise<void> {
    const { envPath, env } = this.request;
    const { text } = await readEnvText(envPath);
    // What the bot would read today: the environment wins over the file.
    this.settings = { ...parseEnvText(text), ...env };
    for (const line of INTRO) this.io.say(line);
    const discordApiUrl = this.setting('DISCORD_API_URL');
    const accountsUrl = this.setting('SPOTIFY_ACCOUNTS_URL');

    const { token, application } = await this.discordApplication(discordApiUrl);
    const spotify = await this.spotifyCredentials(accountsUrl);
    const publicUrl = await this.publicUrl(accountsUrl, spotify);

    const written = {
      DISCORD_TOKEN: token,
      SPOTIFY_CLIENT_ID: spotify.clientId,
      SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
      PUBLIC_URL: publicUrl,
    };
    const newText = withSettings(text, written);
    await writePrivateFile(envPath, newText);
    this.io.say(SAY.wrote(envPath, Object.keys(written)));
    for (const [key, value] of Object.entries(written)) {
      const overriding = env[key]?.trim();
      if (overriding && overriding !== value) this.io.say(SAY.environmentWins(key));
    }
    const config = this.botConfig({ ...parseEnvText(newText), ...env });

    if (application.requiresCodeGrant) this.io.say(SAY.codeGrant);
    this.io.say(SAY.invite(inviteUrl(application.id), userInstallUrl(application.id)));
    // Commands of one server can only be registered once the bot is in it.
    if (config.discord.devGuildId !== undefined && this.request.interactive) {
      await this.io.ask(SAY.pressEnterWhenInvited(config.discord.devGuildId));
    }
    await this.registerCommands(config, token);
    this.io.say(SAY.done);
  }

  private setting<K extends 'DISCORD_API_URL' | 'SPOTIFY_ACCOUNTS_URL'>(key: K): string {
    const read = readSetting(key, this.settings);
    if (!read.ok) throw new SetupStopped(SAY.badValue(key, read.problems));
    return read.value;
  }

  private botConfig(env: NodeJS.ProcessEnv): Config {
    try {
      return loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) throw new SetupStopped(SAY.configProblems(error.message));
      throw error;
    }
  }

  private async discordApplication(apiUrl: string): Promise<{ token: string; application: BotApplication }> {
    let token = await this.value({ question: QUESTIONS.token, current: this.current('DISCORD_TOKEN') });
    let givenApplicationId = this.request.given.applicationId;
    for (;;) {
      const answer = await readBotApplication({ token, apiUrl });
      if (!answer.ok) {
        if (answer.problem === 'unreachable')
          throw new SetupStopped(SAY.discordUnreachable(apiUrl, answer.detail));
        this.problem(answer.problem === 'wrong-token' ? SAY.wrongToken : SAY.notABotToken);
        token = await this.value({ question: QUESTIONS.token });
        continue;
      }
      const { application } = answer;
      this.io.say(SAY.tokenOf(application.name, application.botName));
      const applicationId = await this.value({
        question: QUESTIONS.applicationId,
        given: givenApplicationId,
      });
      if (applicationId === application.id) return { token, application };
      this.problem(SAY.otherApplication(application.name, application.id, applicationId));
      givenApplicationId = undefined;
      token = await this.value({ question: QUESTIONS.token, current: token });
    }
  }

  private async spotifyCredentials(accountsUrl: string): Promise<{ clientId: string; clientSecret: string }> {
    let clientId = await this.value({
      question: QUESTIONS.clientId,
      current: this.current('SPOTIFY_CLIENT_ID'),
      given: this.request.given.spotifyClientId,
    });
    let clientSecret = await this.value({
      question: QUESTIONS.clientSecret,
      current: this.current('SPOTIFY_CLIENT_SECRET'),
    });
    for (;;) {
      const client = new SpotifyOAuthClient({ clientId, clientSecret, accountsUrl, redirectUri: '' });
      try {
        await client.checkCredentials();
        this.io.say(SAY.credentialsOk);
        this.io.say(SAY.developmentMode);
        return { clientId, clientSecret };
      } catch (error) {
        if (error instanceof SpotifyNetworkError) throw new SetupStopped(SAY.spotifyUnreachable(accountsUrl));
        if (!(error instanceof SpotifyTokenError)) throw error;
        if (error.error === 'invalid_client' && error.description === 'Invalid client secret') {
          this.problem(SAY.wrongClientSecret);
          clientSecret = await this.value({ question: QUESTIONS.clientSecret });
          continue;
        }
        this.problem(
          error.error === 'invalid_client' ? SAY.wrongClientId : SAY.spotifyRefused(error.message),
        );
        clientId = await this.value({ question: QUESTIONS.clientId });
        clientSecret = await this.value({ question: QUESTIONS.clientSecret, current: clientSecret });
      }
    }
  }

  private async publicUrl(
    accountsUrl: string,
    spotify: { clientId: string; clientSecret: string },
  ): Promise<string> {
    const port = readSetting('HTTP_PORT', this.settings);
    let current: string | undefined =
      this.current('PUBLIC_URL') ?? `http://127.0.0.1:${port.ok ? port.value : 3000}`;
    let given = this.request.given.publicUrl;
    for (;;) {
      const answer = await this.value({ question: QUESTIONS.publicUrl, current, given });
      given = undefined;
      current = answer;
      const read = readSetting('PUBLIC_URL', { PUBLIC_URL: answer });
      if (!read.ok) {
        this.problem(SAY.badValue('PUBLIC_URL', read.problems));
        current = undefined;
        continue;
      }
      const publicUrl = answer.replace(/\/+$/, '');
      const redirectUri = `${publicUrl}${CALLBACK_PATH}`;
      this.io.say(SAY.registerRedirect(redirectUri));
      if (this.request.interactive) await this.io.ask(SAY.pressEnterWhenRegistered);
      const client = new SpotifyOAuthClient({ ...spotify, accountsUrl, redirectUri });
      let refusal: Awaited<ReturnType<SpotifyOAuthClient['authorizePageRefusal']>>;
      try {
        refusal = await client.authorizePageRefusal();
      } catch (error) {
        if (error instanceof SpotifyNetworkError) throw new SetupStopped(SAY.spotifyUnreachable(accountsUrl));
        throw error;
      }
      if (refusal === undefined) {
        this.io.say(SAY.redirectOk);
        return publicUrl;
      }
      this.problem(refusal === 'unknown-client' ? SAY.wrongClientId : SAY.unregisteredRedirect(redirectUri));
    }
  }

  /** With the token just checked: one left in the environment would win in `config`. */
  private async registerCommands(config: Config, token: string): Promise<void> {
    try {
      const deployed = await deployCommands({
        token,
        apiUrl: config.discord.apiUrl,
        guildId: config.discord.devGuildId,
      });
      const where = config.discord.devGuildId
        ? `in the server ${config.discord.devGuildId} only (not in DMs)`
        : 'globally, for servers and DMs (they may take a while to appear)';
      this.io.say(SAY.registered(deployed.length, where));
    } catch (error) {
      throw new SetupStopped(SAY.registrationFailed(error instanceof Error ? error.message : String(error)));
    }
  }

  private current(key: string): string | undefined {
    const value = this.settings[key]?.trim();
    return value === '' ? undefined : value;
  }

  /** Says what is wrong; without a person to answer, that ends the setup. */
  private problem(text: string): void {
    if (!this.request.interactive) throw new SetupStopped(text);
    this.io.say(text);
  }

  private async value({ question, current, given }: Ask): Promise<string> {
    if (given !== undefined && given.trim() !== '') return given.trim();
    if (!this.request.interactive) {
      if (current !== undefined) return current;
      throw new SetupStopped(SAY.missing(question));
    }
    if (!this.hinted.has(question.key)) this.io.say(`(${question.where})`);
    this.hinted.add(question.key);
    const offer =
      current === undefined ? '' : question.secret ? ' [Enter keeps the one set]' : ` [${current}]`;
    for (;;) {
      const answer = await this.io.ask(`${question.label}${offer}: `, { secret: question.secret });
      if (answer !== '') return answer;
      if (current !== undefined) return current;
    }
  }
}
