import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  type APIApplicationCommand,
  type APIInteraction,
  type APIMessage,
} from 'discord-api-types/v10';
import { buildCommandData, type CommandInvocation } from './command-options.js';
import type { FakeContext } from './context.js';
import type { FakeGateway } from './gateway.js';
import { InteractionHandle } from './interaction-handle.js';
import type { InteractionKind } from './interaction-record.js';
import { findButton, findComponent, findStringSelect } from './message-helpers.js';
import { submittedComponents, type ModalValues } from './modal-submission.js';
import { ALL_PERMISSIONS, apiChannel, apiInteractionMember, apiUser } from './payloads.js';
import type { FakeChannel, FakeUser } from './world.js';

export interface SlashCommandInput extends CommandInvocation {
  user: FakeUser;
  /** Where the command is run; defaults to the fake's text channel. A DM channel makes it a DM command. */
  channel?: FakeChannel;
}

export interface AutocompleteInput extends SlashCommandInput {
  /** The option the user is typing in; its value in `options` is the partial text. */
  focused: string;
}

/** Names the button by `customId` or by its visible `label` (exactly one of them). */
export type ButtonPressInput = {
  user: FakeUser;
  /** The message the button is on (a fetched copy or its id); the fake uses its current state. */
  message: APIMessage | string;
} & ({ customId: string; label?: never } | { label: string; customId?: never });

export interface SelectInput {
  user: FakeUser;
  message: APIMessage | string;
  customId: string;
  values: string[];
}

/**
 * A component interaction Discord's own client would not send: any custom_id (a stale or forged
 * one, whether or not the message has it) and, with `withoutMessage`, no `message` object at all.
 */
export interface ForgedComponentInput {
  user: FakeUser;
  /** The message the press claims to come from; its current state is sent unless `withoutMessage`. */
  message?: APIMessage | string;
  /** Where the press happens when no `message` is named; defaults to the fake's text channel. */
  channel?: FakeChannel;
  customId: string;
  /** Default: a button; a string select when `values` is given. */
  values?: string[];
  withoutMessage?: boolean;
}

/** A modal submit for a modal the bot never showed (a stale form), with text inputs as given. */
export interface ForgedModalSubmitInput {
  user: FakeUser;
  customId: string;
  values: Readonly<Record<string, string>>;
  channel?: FakeChannel;
}

export interface ModalSubmitInput {
  user: FakeUser;
  /** The interaction the bot answered with a modal (callback type 9). */
  modalOf: InteractionHandle;
  /** Field values by custom_id: text for text inputs, value lists for selects. */
  values: ModalValues;
}

/** Discord's defaults for a global command that does not say: guild install only, every context. */
const DEFAULT_INTEGRATION_TYPES = [ApplicationIntegrationType.GuildInstall];
const DEFAULT_CONTEXTS = [
  InteractionContextType.Guild,
  InteractionContextType.BotDM,
  InteractionContextType.PrivateChannel,
];

/**
 * Whether Discord's client offers the command there. In a server: the command allows the Guild
 * context. In the user's DM with the bot: it allows BotDM, and reaches the user through a server
 * they share with the bot (guild install) or through the app on their own account (user
 * install). Discord would not send it otherwise, so the fake refuses it like an unregistered command.
 */
function checkAvailableIn(command: APIApplicationCommand, user: FakeUser, channel: FakeChannel): void {
  const contexts = command.contexts ?? DEFAULT_CONTEXTS;
  const installs = command.integration_types ?? DEFAULT_INTEGRATION_TYPES;
  if (channel.guildId !== null) {
    if (!contexts.includes(InteractionContextType.Guild))
      throw new Error(`/${command.name} is not available in servers (its contexts lack GUILD)`);
    return;
  }
  if (!contexts.includes(InteractionContextType.BotDM)) {
    throw new Error(`/${command.name} is not available in DMs (its contexts lack BOT_DM)`);
  }
  const viaServer = user.guildMember && installs.includes(ApplicationIntegrationType.GuildInstall);
  const viaAccount = user.appInstalled && installs.includes(ApplicationIntegrationType.UserInstall);
  if (!viaServer && !viaAccount) {
    throw new Error(
      `/${command.name} is not available to ${user.username} in DMs: ` +
        (user.appInstalled
          ? 'the app is on their account but the command lacks USER_INSTALL in integration_types'
          : 'they share no server with the bot and did not add the app to their account'),
    );
  }
}

/** Who authorized the app for this interaction: the server it was added to and/or the user's account. */
function authorizingOwners(user: FakeUser, channel: FakeChannel): Record<string, string> {
  const owners: Record<string, string> = {};
  if (channel.guildId !== null) owners[ApplicationIntegrationType.GuildInstall] = channel.guildId;
  else if (user.guildMember) owners[ApplicationIntegrationType.GuildInstall] = '0';
  if (user.appInstalled) owners[ApplicationIntegrationType.UserInstall] = user.id;
  return owners;
}

/** Acts as Discord users: builds INTERACTION_CREATE payloads and dispatches them on the gateway. */
export class Driver {
  constructor(
    private readonly context: FakeContext,
    private readonly gateway: FakeGateway,
    private readonly defaultChannel: () => FakeChannel,
    private readonly options: { requireRegisteredCommands: boolean; waitTimeoutMs: number },
  ) {}

  runSlashCommand(input: SlashCommandInput): InteractionHandle {
    return this.commandInteraction(input, InteractionType.ApplicationCommand, 'command');
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    if (!(input.focused in (input.options ?? {}))) {
      throw new Error(`autocomplete: options must contain the focused option "${input.focused}"`);
    }
    return this.commandInteraction(input, InteractionType.ApplicationCommandAutocomplete, 'autocomplete');
  }

  pressButton(input: ButtonPressInput): InteractionHandle {
    const message = this.currentMessage(input.message, input.user);
    const customId = input.customId ?? findButton(message, input.label ?? '').custom_id;
    const button = findComponent(message, customId);
    if (button === undefined || button.type !== ComponentType.Button) {
      throw new Error(`No button "${customId}" on message ${message.id}`);
    }
    if (button.disabled === true) {
      throw new Error(`Button "${customId}" is disabled; Discord would not let a user press it`);
    }
    return this.componentInteraction(input.user, message, {
      custom_id: customId,
      component_type: ComponentType.Button,
    });
  }

  selectValues(input: SelectInput): InteractionHandle {
    const message = this.currentMessage(input.message, input.user);
    const select = findStringSelect(message, input.customId);
    if (select.disabled === true) throw new Error(`Select "${input.customId}" is disabled`);
    const allowed = new Set(select.options.map((o) => o.value));
    const unknown = input.values.filter((v) => !allowed.has(v));
    if (unknown.length > 0)
      throw new Error(`Select "${input.customId}" has no options ${JSON.stringify(unknown)}`);
    const min = select.min_values ?? 1;
    const max = select.max_values ?? 1;
    if (input.values.length < min || input.values.length > max) {
      throw new Error(`Select "${input.customId}" takes ${min}–${max} values, got ${input.values.length}`);
    }
    return this.componentInteraction(input.user, message, {
      custom_id: input.customId,
      component_type: ComponentType.StringSelect,
      values: input.values,
    });
  }

  submitModal(input: ModalSubmitInput): InteractionHandle {
    const record = this.context.interactions.byId(input.modalOf.id);
    const modal = record?.modal;
    if (record === undefined || typeof modal !== 'object' || modal === null) {
      throw new Error(`Interaction ${input.modalOf.id} was not answered with a modal`);
    }
    if (record.user.id !== input.user.id) throw new Error('Only the user who opened a modal can submit it');
    const data = {
      custom_id: (modal as { custom_id?: unknown }).custom_id,
      components: submittedComponents(modal as Record<string, unknown>, input.values),
    };
    const channel = this.context.world.requireChannel(record.channelId);
    const source =
      record.sourceMessageId === null ? null : this.context.world.getMessage(record.sourceMessageId);
    return this.dispatch('modal-submit', InteractionType.ModalSubmit, input.user, channel, data, source);
  }

  /**
   * A slash command (or, with `focused`, an autocomplete) as a client with an outdated command
   * list sends it: nothing is checked against the registered definition, so unknown commands,
   * subcommands and options go through; option types are inferred from the values.
   */
  forgeCommand(input: SlashCommandInput & { focused?: string }): InteractionHandle {
    const autocomplete = input.focused !== undefined;
    return this.commandInteraction(
      input,
      autocomplete ? InteractionType.ApplicationCommandAutocomplete : InteractionType.ApplicationCommand,
      autocomplete ? 'autocomplete' : 'command',
      { unchecked: true },
    );
  }

  forgeComponent(input: ForgedComponentInput): InteractionHandle {
    const { world } = this.context;
    const id = typeof input.message === 'string' ? input.message : input.message?.id;
    const message = id === undefined ? null : world.getMessage(id);
    if (message === null && input.withoutMessage !== true)
      throw new Error('forgeComponent: name the message, or send it withoutMessage');
    const channel =
      message === null ? (input.channel ?? this.defaultChannel()) : world.requireChannel(message.channel_id);
    const data =
      input.values === undefined
        ? { custom_id: input.customId, component_type: ComponentType.Button }
        : { custom_id: input.customId, component_type: ComponentType.StringSelect, values: input.values };
    return this.dispatch(
      'component',
      InteractionType.MessageComponent,
      input.user,
      channel,
      data,
      input.withoutMessage === true ? null : message,
    );
  }

  forgeModalSubmit(input: ForgedModalSubmitInput): InteractionHandle {
    const data = {
      custom_id: input.customId,
      components: Object.entries(input.values).map(([customId, value]) => ({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
      })),
    };
    const channel = input.channel ?? this.defaultChannel();
    return this.dispatch('modal-submit', InteractionType.ModalSubmit, input.user, channel, data, null);
  }

  private commandInteraction(
    input: SlashCommandInput,
    type: InteractionType,
    kind: InteractionKind,
    { unchecked = false }: { unchecked?: boolean } = {},
  ): InteractionHandle {
    const channel = input.channel ?? this.defaultChannel();
    const registered = this.context.commands.findChatInput(input.name, channel.guildId);
    const command = unchecked ? undefined : registered;
    if (command === undefined && !unchecked && this.options.requireRegisteredCommands) {
      throw new Error(
        `No slash command /${input.name} is registered with the fake (register commands first)`,
      );
    }
    if (command !== undefined) checkAvailableIn(command, input.user, channel);
    const { options, resolved } = buildCommandData(command, input, channel.guildId);
    const data = {
      id: registered?.id ?? this.context.ids.next(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      ...(options.length > 0 ? { options } : {}),
      ...(resolved === undefined ? {} : { resolved }),
      ...(channel.guildId === null ? {} : { guild_id: registered?.guild_id }),
    };
    return this.dispatch(kind, type, input.user, channel, data, null);
  }

  private componentInteraction(user: FakeUser, message: APIMessage, data: object): InteractionHandle {
    const channel = this.context.world.requireChannel(message.channel_id);
    return this.dispatch('component', InteractionType.MessageComponent, user, channel, data, message);
  }

  /** The stored, current version of a message, checked to be visible to the pressing user. */
  private currentMessage(message: APIMessage | string, user: FakeUser): APIMessage {
    const id = typeof message === 'string' ? message : message.id;
    const { world } = this.context;
    if (!world.hasMessage(id)) throw new Error(`Message ${id} does not exist (deleted?)`);
    const visibleTo = world.visibilityOf(id);
    if (visibleTo !== null && visibleTo !== user.id) {
      throw new Error(`Message ${id} is ephemeral for another user; ${user.username} cannot see it`);
    }
    const current = world.getMessage(id);
    const channel = world.requireChannel(current.channel_id);
    if (channel.recipientId !== null && channel.recipientId !== user.id) {
      throw new Error(`Message ${id} is in another user's DMs; ${user.username} cannot see it`);
    }
    return current;
  }

  private dispatch(
    kind: InteractionKind,
    type: InteractionType,
    user: FakeUser,
    channel: FakeChannel,
    data: object,
    message: APIMessage | null,
  ): InteractionHandle {
    const { context } = this;
    const id = context.ids.next();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
    const inGuild = channel.guildId !== null;
    const payload = {
      id,
      application_id: context.applicationId,
      type,
      data,
      token,
      version: 1,
      ...(inGuild
        ? {
            guild_id: channel.guildId,
            guild: { id: channel.guildId, locale: 'en-US', features: [] },
            member: apiInteractionMember(user),
            guild_locale: 'en-US',
          }
        : { user: apiUser(user) }),
      channel: apiChannel(context.world, channel),
      channel_id: channel.id,
      app_permissions: ALL_PERMISSIONS,
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: authorizingOwners(user, channel),
      context: channel.type === ChannelType.DM ? InteractionContextType.BotDM : InteractionContextType.Guild,
      attachment_size_limit: 10_485_760,
      ...(message === null ? {} : { message }),
    } as unknown as APIInteraction;
    const now = performance.now();
    const record = {
      id,
      token,
      kind,
      payload,
      user,
      channelId: channel.id,
      createdAt: context.clock.now(),
      dispatchedAt: now,
      sourceMessageId: message?.id ?? null,
      initial: null,
      rejectedCallbackCodes: [],
      originalMessageId: null,
      awaitingFirstFollowup: false,
      followupMessageIds: [],
      choices: null,
      modal: null,
      invalidated: false,
      lastActivityAt: now,
    };
    context.interactions.add(record);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return new InteractionHandle(record, context.world, context.changes, this.options.waitTimeoutMs);
  }
}
