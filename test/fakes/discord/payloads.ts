import {
  ChannelType,
  type GuildMemberFlags,
  type APIChannel,
  type APIGuildMember,
  type APIInteractionGuildMember,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import type { DiscordWorld, FakeChannel, FakeGuild, FakeUser } from './world.js';

/** Everything allowed, as a string bitfield (Administrator included) — permissions are not the fake's concern. */
export const ALL_PERMISSIONS = '2248473465835073';
const JOINED_AT = '2024-01-01T00:00:00.000Z';

export function apiUser(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

export function apiMember(user: FakeUser): APIGuildMember {
  return {
    user: apiUser(user),
    roles: [],
    joined_at: JOINED_AT,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
  };
}

export function apiInteractionMember(user: FakeUser): APIInteractionGuildMember {
  return { ...apiMember(user), user: apiUser(user), permissions: ALL_PERMISSIONS };
}

/** The full channel object answered by `GET /channels/:id` and `POST /users/@me/channels`. */
export function apiChannel(world: DiscordWorld, channel: FakeChannel): APIChannel {
  if (channel.type === ChannelType.DM) {
    const recipient = channel.recipientId === null ? undefined : world.users.get(channel.recipientId);
    return {
      id: channel.id,
      type: ChannelType.DM,
      last_message_id: null,
      recipients: recipient === undefined ? [] : [apiUser(recipient)],
      name: null,
      flags: 0,
    } as unknown as APIChannel;
  }
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: channel.guildId ?? undefined,
    name: channel.name ?? 'channel',
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
  } as unknown as APIChannel;
}

export function guildCreatePayload(
  world: DiscordWorld,
  guild: FakeGuild,
  members: FakeUser[],
): GatewayGuildCreateDispatchData {
  const channels = guild.channelIds.map((id) => apiChannel(world, world.requireChannel(id)));
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 60,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        permissions: ALL_PERMISSIONS,
        position: 0,
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        managed: false,
        mentionable: false,
        icon: null,
        unicode_emoji: null,
        flags: 0,
      },
    ],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    hub_type: null,
    incidents_data: null,
    joined_at: JOINED_AT,
    large: false,
    unavailable: false,
    member_count: members.length,
    members: members.map(apiMember),
    channels,
    threads: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
}
