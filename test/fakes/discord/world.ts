import {
  ChannelType,
  MessageFlags,
  MessageType,
  type APIEmbed,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIUser,
  type APIMessageInteractionMetadata,
} from 'discord-api-types/v10';
import type { Clock } from './clock.js';
import { discordErrors, invalidFormBody } from './errors.js';
import type { SnowflakeFactory } from './snowflakes.js';
import {
  apiAttachment,
  checkEmbedAttachmentRefs,
  resolveAttachments,
  type FakeAttachment,
  type UploadedFile,
} from './uploads.js';

/** A person (or the bot) as the fake knows them. */
export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly globalName: string | null;
  readonly bot: boolean;
  /** When true, sending this user a DM fails with 403 / 50007, like a user who blocks DMs. */
  dmsClosed: boolean;
  /** A member of the fake's guild, which the bot is in: they share a server with the bot. */
  readonly guildMember: boolean;
  /** Added the app to their own account (user install): its user-installable commands follow them. */
  appInstalled: boolean;
}

export interface FakeChannel {
  readonly id: string;
  readonly type: ChannelType.GuildText | ChannelType.DM;
  readonly name: string | null;
  readonly guildId: string | null;
  /** The user at the other end of a DM channel. */
  readonly recipientId: string | null;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly channelIds: string[];
}

interface StoredMessage {
  message: APIMessage;
  /** Ephemeral messages are visible only to this user and unreachable through channel routes. */
  visibleTo: string | null;
  deleted: boolean;
  /** The attachments with their bytes (the message lists them without). */
  attachments: FakeAttachment[];
}

/** The fields of a create/edit body the fake stores on a message. */
export interface MessageBody {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: APIMessageTopLevelComponent[] | null;
  flags?: number | null;
  /** Attachments to keep and descriptions of uploads (see `resolveAttachments`). */
  attachments?: unknown;
}

export interface NewMessage {
  channelId: string;
  author: APIUser;
  body: MessageBody;
  type?: MessageType;
  /** Set for interaction responses and followups (they come from the application's webhook). */
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  visibleTo?: string | null;
  extraFlags?: number;
  /** The request's `files[n]` parts. */
  files?: readonly UploadedFile[];
}

/** Everything the fake Discord knows: users, the guild, channels, messages. No HTTP here. */
export class DiscordWorld {
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly guilds = new Map<string, FakeGuild>();
  private readonly messagesById = new Map<string, StoredMessage>();
  private readonly messageOrder = new Map<string, string[]>();
  private readonly dmChannelByUser = new Map<string, string>();

  constructor(
    private readonly ids: SnowflakeFactory,
    private readonly clock: Clock,
  ) {}

  addUser(options: {
    username: string;
    globalName?: string | null;
    bot?: boolean;
    id?: string;
    guildMember?: boolean;
  }): FakeUser {
    const user: FakeUser = {
      id: options.id ?? this.ids.next(),
      username: options.username,
      globalName: options.globalName === undefined ? capitalize(options.username) : options.globalName,
      bot: options.bot ?? false,
      dmsClosed: false,
      guildMember: options.guildMember ?? false,
      appInstalled: false,
    };
    this.users.set(user.id, user);
    return user;
  }

  addGuild(options: { name: string; ownerId: string }): FakeGuild {
    const guild: FakeGuild = {
      id: this.ids.next(),
      name: options.name,
      ownerId: options.ownerId,
      channelIds: [],
    };
    this.guilds.set(guild.id, guild);
    return guild;
  }

  addTextChannel(guildId: string, name: string): FakeChannel {
    const guild = this.guilds.get(guildId);
    if (guild === undefined) throw new Error(`No guild ${guildId}`);
    const channel: FakeChannel = {
      id: this.ids.next(),
      type: ChannelType.GuildText,
      name,
      guildId,
      recipientId: null,
    };
    this.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    return channel;
  }

  /** The DM channel between the bot and `userId`, created on first use like Discord does. */
  dmChannel(userId: string): FakeChannel {
    const existing = this.dmChannelByUser.get(userId);
    if (existing !== undefined) return this.requireChannel(existing);
    const channel: FakeChannel = {
      id: this.ids.next(),
      type: ChannelType.DM,
      name: null,
      guildId: null,
      recipientId: userId,
    };
    this.channels.set(channel.id, channel);
    this.dmChannelByUser.set(userId, channel.id);
    return channel;
  }

  existingDmChannelId(userId: string): string | undefined {
    return this.dmChannelByUser.get(userId);
  }

  requireUser(userId: string): FakeUser {
    const user = this.users.get(userId);
    if (user === undefined) throw discordErrors.unknownUser();
    return user;
  }

  requireChannel(channelId: string): FakeChannel {
    const channel = this.channels.get(channelId);
    if (channel === undefined) throw discordErrors.unknownChannel();
    return channel;
  }

  createMessage(input: NewMessage): APIMessage {
    this.requireChannel(input.channelId);
    const flags = (input.body.flags ?? 0) | (input.extraFlags ?? 0);
    const embeds = input.body.embeds ?? [];
    const attachments = this.attachmentsFor(input.body, input.files ?? [], [], embeds);
    const message: APIMessage = {
      id: this.ids.next(),
      channel_id: input.channelId,
      author: input.author,
      content: input.body.content ?? '',
      timestamp: new Date(this.clock.now()).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: attachments.map((a) => apiAttachment(input.channelId, a)),
      embeds,
      components: input.body.components ?? [],
      pinned: false,
      type: input.type ?? MessageType.Default,
      flags,
    };
    if (input.applicationId !== undefined) {
      message.webhook_id = input.applicationId;
      message.application_id = input.applicationId;
    }
    if (input.interactionMetadata !== undefined) message.interaction_metadata = input.interactionMetadata;
    this.messagesById.set(message.id, {
      message,
      visibleTo: input.visibleTo ?? null,
      deleted: false,
      attachments,
    });
    const order = this.messageOrder.get(input.channelId) ?? [];
    order.push(message.id);
    this.messageOrder.set(input.channelId, order);
    return structuredClone(message);
  }

  /**
   * Applies an edit body. Fields absent from the body stay; `null` clears them. The loading
   * flag of a deferred response goes away with the first edit, as on Discord. `files` are the
   * request's uploads; `body.attachments` says which attachments stay (absent: all).
   */
  editMessage(
    messageId: string,
    body: MessageBody,
    options: { markEdited?: boolean; files?: readonly UploadedFile[] } = {},
  ): APIMessage {
    const stored = this.requireStored(messageId);
    const message = stored.message;
    const embeds = body.embeds === undefined ? message.embeds : (body.embeds ?? []);
    const attachments = this.attachmentsFor(body, options.files ?? [], stored.attachments, embeds);
    stored.attachments = attachments;
    message.attachments = attachments.map((a) => apiAttachment(message.channel_id, a));
    if (body.content !== undefined) message.content = body.content ?? '';
    if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
    if (body.components !== undefined) message.components = body.components ?? [];
    const wasLoading = ((message.flags ?? 0) & MessageFlags.Loading) !== 0;
    let flags = (message.flags ?? 0) & ~MessageFlags.Loading;
    // Ephemeral state cannot change after sending; only SuppressEmbeds and IsComponentsV2 may be added.
    if (body.flags !== undefined && body.flags !== null) {
      flags |= body.flags & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2);
    }
    message.flags = flags;
    if ((options.markEdited ?? true) && !wasLoading)
      message.edited_timestamp = new Date(this.clock.now()).toISOString();
    return structuredClone(message);
  }

  /** A message's attachments with their bytes, in the message's order. */
  attachmentsOf(messageId: string): FakeAttachment[] {
    return [...this.requireStored(messageId).attachments];
  }

  deleteMessage(messageId: string): void {
    this.requireStored(messageId).deleted = true;
  }

  getMessage(messageId: string): APIMessage {
    return structuredClone(this.requireStored(messageId).message);
  }

  hasMessage(messageId: string): boolean {
    const stored = this.messagesById.get(messageId);
    return stored !== undefined && !stored.deleted;
  }

  /** Who may see the message: a user id for ephemeral messages, null for everyone in the channel. */
  visibilityOf(messageId: string): string | null {
    return this.requireStored(messageId).visibleTo;
  }

  setVisibility(messageId: string, userId: string | null): void {
    this.requireStored(messageId).visibleTo = userId;
  }

  /** Messages of a channel, oldest first. Ephemeral ones only when `includeEphemeral`. */
  channelMessages(channelId: string, options: { includeEphemeral?: boolean } = {}): APIMessage[] {
    const ids = this.messageOrder.get(channelId) ?? [];
    const result: APIMessage[] = [];
    for (const id of ids) {
      const stored = this.messagesById.get(id);
      if (stored === undefined || stored.deleted) continue;
      if (stored.visibleTo !== null && options.includeEphemeral !== true) continue;
      result.push(structuredClone(stored.message));
    }
    return result;
  }

  /** Ephemeral messages shown to `userId`, oldest first, across all channels. */
  ephemeralMessagesFor(userId: string): APIMessage[] {
    const result: APIMessage[] = [];
    for (const stored of this.messagesById.values()) {
      if (!stored.deleted && stored.visibleTo === userId) result.push(structuredClone(stored.message));
    }
    return result;
  }

  /** Resolves the attachments a create or edit leaves, checking embed references; throws 50035 before any change. */
  private attachmentsFor(
    body: MessageBody,
    files: readonly UploadedFile[],
    existing: readonly FakeAttachment[],
    embeds: readonly APIEmbed[],
  ): FakeAttachment[] {
    const attachments =
      body.attachments === undefined && files.length === 0
        ? [...existing]
        : resolveAttachments({ declared: body.attachments, files, existing, newId: () => this.ids.next() });
    const errors = checkEmbedAttachmentRefs(embeds, attachments);
    if (errors.length > 0) throw invalidFormBody(errors);
    return attachments;
  }

  private requireStored(messageId: string): StoredMessage {
    const stored = this.messagesById.get(messageId);
    if (stored === undefined || stored.deleted) throw discordErrors.unknownMessage();
    return stored;
  }
}

/** Discord refuses messages with nothing to show (50006); a file is something to show. */
export function hasVisibleContent(body: MessageBody, files: readonly UploadedFile[] = []): boolean {
  return (
    files.length > 0 ||
    (typeof body.content === 'string' && body.content.length > 0) ||
    (body.embeds?.length ?? 0) > 0 ||
    (body.components?.length ?? 0) > 0
  );
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
