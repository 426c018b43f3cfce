import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayDispatchEvents, type APIApplicationCommand, type APIMessage } from 'discord-api-types/v10';
import { ChangeFeed } from './changes.js';
import { systemClock, type Clock } from './clock.js';
import { CommandStore } from './command-store.js';
import type { FakeContext, InteractionTiming } from './context.js';
import {
  Driver,
  type AutocompleteInput,
  type ButtonPressInput,
  type ForgedComponentInput,
  type ForgedModalSubmitInput,
  type ModalSubmitInput,
  type SelectInput,
  type SlashCommandInput,
} from './driver.js';
import { FakeGateway, GATEWAY_PATH } from './gateway.js';
import type { InteractionHandle } from './interaction-handle.js';
import { InteractionRegistry } from './interaction-record.js';
import { InjectedRateLimits, type RateLimitRule } from './rate-limits.js';
import type { RecordedRequest, Violation } from './recorded-request.js';
import { RequestLog } from './request-log.js';
import { createRestHandler } from './rest-server.js';
import { allRoutes } from './routes/index.js';
import { SnowflakeFactory } from './snowflakes.js';
import { sharedSpecValidator } from './spec-validator.js';
import { guildCreatePayload } from './payloads.js';
import type { FakeAttachment } from './uploads.js';
import { DiscordWorld, type FakeChannel, type FakeGuild, type FakeUser } from './world.js';

export interface FakeDiscordOptions {
  /** Clock for deadlines and timestamps; pass a ManualClock to move time in tests. Default: real time. */
  clock?: Clock;
  /** Window for the initial interaction response on the fake's clock. Default 3000 (Discord's). */
  initialResponseMs?: number;
  /** Lifetime of interaction tokens on the fake's clock. Default 15 minutes (Discord's). */
  tokenLifetimeMs?: number;
  /** The bot token the client must log in with. Default: a generated one, see `fake.token`. */
  token?: string;
  /** Usernames of the human guild members created at start. Default ['alice', 'bob']. */
  users?: string[];
  /** Refuse `runSlashCommand` for commands the bot never registered. Default true. */
  requireRegisteredCommands?: boolean;
  /** Real-time limit of every wait (`firstResponse`, `settled`, `waitFor`...). Default 5000. */
  waitTimeoutMs?: number;
}

/**
 * A local Discord for end-to-end tests: REST under `apiUrl` and a gateway that the real
 * discord.js Client logs in to, plus a driver acting as users. See README.md in this folder.
 */
export class FakeDiscord {
  /** Base URL for the client's `rest.api` option (and the bot's DISCORD_API_URL). */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly guild: FakeGuild;
  /** The guild's text channel, where commands run unless told otherwise. */
  readonly channel: FakeChannel;
  readonly clock: Clock;
  readonly gateway: FakeGateway;

  private readonly context: FakeContext;
  private readonly log: RequestLog;
  private readonly rateLimits: InjectedRateLimits;
  private readonly driver: Driver;
  private readonly waitTimeoutMs: number;

  private constructor(
    private readonly server: Server,
    port: number,
    parts: {
      context: FakeContext;
      log: RequestLog;
      rateLimits: InjectedRateLimits;
      gateway: FakeGateway;
      guild: FakeGuild;
      channel: FakeChannel;
      options: FakeDiscordOptions;
    },
  ) {
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}${GATEWAY_PATH}`;
    this.context = parts.context;
    this.log = parts.log;
    this.rateLimits = parts.rateLimits;
    this.gateway = parts.gateway;
    this.guild = parts.guild;
    this.channel = parts.channel;
    this.token = parts.context.token;
    this.applicationId = parts.context.applicationId;
    this.bot = parts.context.bot;
    this.clock = parts.context.clock;
    this.waitTimeoutMs = parts.options.waitTimeoutMs ?? 5000;
    this.driver = new Driver(this.context, this.gateway, () => this.channel, {
      requireRegisteredCommands: parts.options.requireRegisteredCommands ?? true,
      waitTimeoutMs: this.waitTimeoutMs,
    });
  }

  /** Starts REST and gateway on 127.0.0.1 at a free port. Call `close()` when done. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    sharedSpecValidator().warmUp(allRoutes);
    const clock = options.clock ?? systemClock;
    const ids = new SnowflakeFactory(() => clock.now());
    const world = new DiscordWorld(ids, clock);
    const bot = world.addUser({ username: 'motherlist', globalName: null, bot: true, guildMember: true });
    const humans = (options.users ?? ['alice', 'bob']).map((username) =>
      world.addUser({ username, guildMember: true }),
    );
    const guild = world.addGuild({ name: 'Test Guild', ownerId: humans[0]?.id ?? bot.id });
    const channel = world.addTextChannel(guild.id, 'labeling');
    const timing: InteractionTiming = {
      initialResponseMs: options.initialResponseMs ?? 3000,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
    };
    let gatewayUrl = '';
    const context: FakeContext = {
      world,
      interactions: new InteractionRegistry(),
      commands: new CommandStore(bot.id, ids),
      clock,
      ids,
      changes: new ChangeFeed(),
      bot,
      applicationId: bot.id,
      token: options.token ?? `${Buffer.from(bot.id).toString('base64url')}.fake.${ids.next()}`,
      timing,
      gatewayUrl: () => gatewayUrl,
    };
    const log = new RequestLog();
    const rateLimits = new InjectedRateLimits();
    const server = createServer(createRestHandler(context, allRoutes, log, rateLimits));
    const gateway = new FakeGateway(context);
    gateway.attach(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    gatewayUrl = `ws://127.0.0.1:${port}${GATEWAY_PATH}`;
    return new FakeDiscord(server, port, { context, log, rateLimits, gateway, guild, channel, options });
  }

  // ---- people and places ----

  /** A user created at start (see options.users) or by addUser. */
  user(username: string): FakeUser {
    const found = [...this.context.world.users.values()].find((u) => u.username === username);
    if (found === undefined) throw new Error(`No fake user "${username}"`);
    return found;
  }

  /**
   * Adds a user who shares no server with the bot (interactions carry them). Such a user reaches
   * the bot only after `installApp`, through commands registered for user installs.
   */
  addUser(username: string): FakeUser {
    return this.context.world.addUser({ username });
  }

  /**
   * Another server with the bot and every guild member in it, and one text channel: run commands
   * there by passing the channel as `channel`. A connected bot gets its GUILD_CREATE, as on joining
   * (one that logs in later, at identify).
   */
  addServer(name: string): FakeChannel {
    const { world } = this.context;
    const guild = world.addGuild({ name, ownerId: this.guild.ownerId });
    const channel = world.addTextChannel(guild.id, 'general');
    const members = [...world.users.values()].filter((user) => user.guildMember);
    if (this.gateway.connected)
      this.gateway.dispatch(GatewayDispatchEvents.GuildCreate, guildCreatePayload(world, guild, members));
    return channel;
  }

  /** The user adds the app to their account (user install), as from its profile's "Add App". */
  installApp(user: FakeUser): void {
    user.appInstalled = true;
  }

  /** Closes or opens a user's DMs: sending them a DM then fails with 403 / 50007. */
  setDmsClosed(user: FakeUser, closed = true): void {
    user.dmsClosed = closed;
  }

  /** The DM channel between the bot and a user (created if needed), e.g. to run a command in DMs. */
  dmChannelOf(user: FakeUser): FakeChannel {
    return this.context.world.dmChannel(user.id);
  }

  // ---- acting as users (each dispatches INTERACTION_CREATE) ----

  /** `/name [subcommandGroup] [subcommand] options...` by `user` in `channel` (default: the text channel). */
  runSlashCommand(input: SlashCommandInput): InteractionHandle {
    return this.driver.runSlashCommand(input);
  }

  /** The user typing in option `focused` of a command; await `handle.choices()`. */
  autocomplete(input: AutocompleteInput): InteractionHandle {
    return this.driver.autocomplete(input);
  }

  /** Presses the button `customId` on `message` (use `findButton(message, label)` to get it by label). */
  pressButton(input: ButtonPressInput): InteractionHandle {
    return this.driver.pressButton(input);
  }

  /** Picks `values` in the string select `customId` on `message`. */
  selectValues(input: SelectInput): InteractionHandle {
    return this.driver.selectValues(input);
  }

  /** Fills in and submits the modal the bot showed in answer to `modalOf`. */
  submitModal(input: ModalSubmitInput): InteractionHandle {
    return this.driver.submitModal(input);
  }

  // ---- what Discord's own client would not send: stale and malformed interactions ----

  /**
   * A command or (with `focused`) an autocomplete from a client with an outdated command list:
   * unknown commands, subcommands and options are sent as given.
   */
  forgeCommand(input: SlashCommandInput & { focused?: string }): InteractionHandle {
    return this.driver.forgeCommand(input);
  }

  /** A press with any custom_id on a message, optionally without the `message` object. */
  forgeComponent(input: ForgedComponentInput): InteractionHandle {
    return this.driver.forgeComponent(input);
  }

  /** The submit of a modal the bot never showed. */
  forgeModalSubmit(input: ForgedModalSubmitInput): InteractionHandle {
    return this.driver.forgeModalSubmit(input);
  }

  // ---- reading what the bot did ----

  /** Messages of a channel (default: the text channel), oldest first; ephemeral ones only on request. */
  messages(channelId: string = this.channel.id, options: { includeEphemeral?: boolean } = {}): APIMessage[] {
    return this.context.world.channelMessages(channelId, options);
  }

  /** DMs the bot sent to a user, oldest first. */
  dms(user: FakeUser | string): APIMessage[] {
    const channelId = this.context.world.existingDmChannelId(typeof user === 'string' ? user : user.id);
    return channelId === undefined
      ? []
      : this.context.world.channelMessages(channelId, { includeEphemeral: true });
  }

  /** Ephemeral messages shown to a user, oldest first. */
  ephemeral(user: FakeUser): APIMessage[] {
    return this.context.world.ephemeralMessagesFor(user.id);
  }

  /** The current state of a message by id (throws if unknown or deleted). */
  message(messageId: string): APIMessage {
    return this.context.world.getMessage(messageId);
  }

  /** A person deletes a message in the client (its author, or a moderator): later edits find it unknown. */
  deleteMessage(messageId: string): void {
    this.context.world.deleteMessage(messageId);
  }

  /** A message's attachments with their bytes (filename, content type, size, data), in order. */
  attachments(messageId: string): FakeAttachment[] {
    return this.context.world.attachmentsOf(messageId);
  }

  /** Registered commands: global, or of a guild. */
  commands(guildId: string | null = null): APIApplicationCommand[] {
    return this.context.commands.list(guildId);
  }

  // ---- requests and violations ----

  /** Every REST request so far, in order. */
  get requests(): readonly RecordedRequest[] {
    return this.log.requests;
  }

  /** Requests matching a method and a route pattern, e.g. ('POST', '/channels/:channelId/messages'). */
  requestsTo(method: string, routePattern: string): RecordedRequest[] {
    return this.log.requests.filter((r) => r.method === method && r.route === routePattern);
  }

  /** Bot mistakes so far: spec or limit violations, late/double responses, unknown routes, bad auth. */
  get violations(): readonly Violation[] {
    return this.log.violations;
  }

  /** Returns the violations and forgets them, for tests that provoke them on purpose. */
  takeViolations(): Violation[] {
    return this.log.takeViolations();
  }

  /** Throws with a readable list when there was any violation. */
  assertNoViolations(): void {
    if (this.log.violations.length === 0) return;
    const lines = this.log.violations.map(
      (v) => `- ${v.kind}: ${v.method} ${v.path} -> ${v.code}: ${v.detail}`,
    );
    throw new Error(`Fake Discord saw ${this.log.violations.length} violation(s):\n${lines.join('\n')}`);
  }

  /** Answers the next matching request(s) with 429 and full rate-limit headers; discord.js waits and retries. */
  rateLimitNext(rule: RateLimitRule): void {
    this.rateLimits.add(rule);
  }

  /** Waits until `predicate` returns something other than undefined, re-checking after every request. */
  waitFor<T>(
    predicate: () => T | undefined,
    options: { timeoutMs?: number; what?: string } = {},
  ): Promise<T> {
    return this.context.changes.waitFor(
      predicate,
      options.timeoutMs ?? this.waitTimeoutMs,
      options.what ?? 'a condition',
    );
  }

  /** Stops the gateway and REST server, dropping open connections. */
  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

export const startFakeDiscord = (options?: FakeDiscordOptions): Promise<FakeDiscord> =>
  FakeDiscord.start(options);
