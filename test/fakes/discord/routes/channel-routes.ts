import { ChannelType, MessageFlags, type APIMessage } from 'discord-api-types/v10';
import type { FakeContext } from '../context.js';
import { DiscordHttpError, discordErrors } from '../errors.js';
import { checkMessageLimits } from '../limits.js';
import { apiChannel, apiUser } from '../payloads.js';
import { noContent, ok, route, type RouteRequest } from '../route.js';
import { hasVisibleContent, type FakeChannel, type MessageBody } from '../world.js';

/** Flags a bot may set on a plain channel message; others (Ephemeral...) are ignored by Discord. */
const CHANNEL_MESSAGE_FLAGS =
  MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

function channelOf({ context, params }: RouteRequest): FakeChannel {
  return context.world.requireChannel(params['channelId'] ?? '');
}

/** A message reachable through channel routes: in that channel and not ephemeral. */
function channelMessage(request: RouteRequest): APIMessage {
  const channel = channelOf(request);
  const messageId = request.params['messageId'] ?? '';
  const { world } = request.context;
  if (!world.hasMessage(messageId) || world.visibilityOf(messageId) !== null)
    throw discordErrors.unknownMessage();
  const message = world.getMessage(messageId);
  if (message.channel_id !== channel.id) throw discordErrors.unknownMessage();
  return message;
}

function assertCanMessage(context: FakeContext, channel: FakeChannel): void {
  if (channel.type !== ChannelType.DM || channel.recipientId === null) return;
  if (context.world.requireUser(channel.recipientId).dmsClosed) throw discordErrors.cannotMessageUser();
}

const messageLimits = ({ body }: RouteRequest) => checkMessageLimits(body);

export const channelRoutes = [
  route({
    method: 'GET',
    pattern: '/channels/:channelId',
    auth: true,
    handle: (request) => ok(apiChannel(request.context.world, channelOf(request))),
  }),
  route({
    method: 'POST',
    pattern: '/channels/:channelId/messages',
    specPath: '/channels/{channel_id}/messages',
    auth: true,
    uploads: true,
    limits: messageLimits,
    handle(request) {
      const { context } = request;
      const channel = channelOf(request);
      assertCanMessage(context, channel);
      const body = (request.body ?? {}) as MessageBody;
      if (!hasVisibleContent(body, request.files)) throw discordErrors.emptyMessage();
      const message = context.world.createMessage({
        channelId: channel.id,
        author: apiUser(context.bot),
        body: { ...body, flags: (body.flags ?? 0) & CHANNEL_MESSAGE_FLAGS },
        files: request.files,
      });
      return ok(message);
    },
  }),
  route({
    method: 'GET',
    pattern: '/channels/:channelId/messages',
    auth: true,
    handle(request) {
      const limit = Number(request.query.get('limit') ?? '50');
      const messages = request.context.world.channelMessages(channelOf(request).id);
      return ok(messages.reverse().slice(0, limit));
    },
  }),
  route({
    method: 'GET',
    pattern: '/channels/:channelId/messages/:messageId',
    auth: true,
    handle: (request) => ok(channelMessage(request)),
  }),
  route({
    method: 'PATCH',
    pattern: '/channels/:channelId/messages/:messageId',
    specPath: '/channels/{channel_id}/messages/{message_id}',
    auth: true,
    uploads: true,
    limits: messageLimits,
    handle(request) {
      const { context } = request;
      const message = channelMessage(request);
      if (message.author.id !== context.bot.id) {
        throw new DiscordHttpError(403, 50005, 'Cannot edit a message authored by another user');
      }
      return ok(
        context.world.editMessage(message.id, (request.body ?? {}) as MessageBody, { files: request.files }),
      );
    },
  }),
  route({
    method: 'DELETE',
    pattern: '/channels/:channelId/messages/:messageId',
    auth: true,
    handle(request) {
      request.context.world.deleteMessage(channelMessage(request).id);
      return noContent();
    },
  }),
];
