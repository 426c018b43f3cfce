import type { APIMessage } from 'discord-api-types/v10';
import { discordErrors } from '../errors.js';
import {
  checkEphemeralChangeable,
  createResponseMessage,
  interactionForWebhook,
} from '../interaction-lifecycle.js';
import type { InteractionRecord } from '../interaction-record.js';
import { checkMessageLimits } from '../limits.js';
import { noContent, ok, route, type RouteRequest } from '../route.js';
import type { UploadedFile } from '../uploads.js';
import { hasVisibleContent, type MessageBody } from '../world.js';

const ORIGINAL = '/webhooks/{webhook_id}/{webhook_token}/messages/@original';
const BY_ID = '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}';

function recordOf({ context, arrival, params }: RouteRequest): InteractionRecord {
  return interactionForWebhook(context, arrival, params['applicationId'] ?? '', params['token'] ?? '');
}

function originalId(record: InteractionRecord): string {
  if (record.originalMessageId === null) throw discordErrors.unknownMessage();
  return record.originalMessageId;
}

/** Interaction webhooks reach only the interaction's own messages. */
function ownMessageId(record: InteractionRecord, messageId: string): string {
  if (messageId === record.originalMessageId || record.followupMessageIds.includes(messageId))
    return messageId;
  throw discordErrors.unknownMessage();
}

function edit(
  { context, arrival }: RouteRequest,
  record: InteractionRecord,
  messageId: string,
  body: unknown,
  files: readonly UploadedFile[],
): APIMessage {
  checkEphemeralChangeable(context, arrival, messageId);
  const message = context.world.editMessage(messageId, (body ?? {}) as MessageBody, { files });
  if (messageId === record.originalMessageId) record.awaitingFirstFollowup = false;
  return message;
}

const messageLimits = ({ body }: RouteRequest) => checkMessageLimits(body);

export const webhookRoutes = [
  route({
    method: 'GET',
    pattern: '/webhooks/:applicationId/:token/messages/@original',
    auth: false,
    handle: (request) => ok(request.context.world.getMessage(originalId(recordOf(request)))),
  }),
  route({
    method: 'PATCH',
    pattern: '/webhooks/:applicationId/:token/messages/@original',
    specPath: ORIGINAL,
    auth: false,
    uploads: true,
    limits: messageLimits,
    handle(request) {
      const record = recordOf(request);
      return ok(edit(request, record, originalId(record), request.body, request.files));
    },
  }),
  route({
    method: 'DELETE',
    pattern: '/webhooks/:applicationId/:token/messages/@original',
    auth: false,
    handle(request) {
      const record = recordOf(request);
      request.context.world.deleteMessage(originalId(record));
      // With the deferred placeholder gone, a followup is a message of its own (ephemeral if flagged).
      record.awaitingFirstFollowup = false;
      return noContent();
    },
  }),
  route({
    method: 'GET',
    pattern: '/webhooks/:applicationId/:token/messages/:messageId',
    auth: false,
    handle(request) {
      const record = recordOf(request);
      return ok(request.context.world.getMessage(ownMessageId(record, request.params['messageId'] ?? '')));
    },
  }),
  route({
    method: 'PATCH',
    pattern: '/webhooks/:applicationId/:token/messages/:messageId',
    specPath: BY_ID,
    auth: false,
    uploads: true,
    limits: messageLimits,
    handle(request) {
      const record = recordOf(request);
      const messageId = ownMessageId(record, request.params['messageId'] ?? '');
      return ok(edit(request, record, messageId, request.body, request.files));
    },
  }),
  route({
    method: 'DELETE',
    pattern: '/webhooks/:applicationId/:token/messages/:messageId',
    auth: false,
    handle(request) {
      const record = recordOf(request);
      request.context.world.deleteMessage(ownMessageId(record, request.params['messageId'] ?? ''));
      return noContent();
    },
  }),
  route({
    method: 'POST',
    pattern: '/webhooks/:applicationId/:token',
    specPath: '/webhooks/{webhook_id}/{webhook_token}',
    auth: false,
    uploads: true,
    limits: messageLimits,
    handle(request) {
      const { context, body, query, files } = request;
      const record = recordOf(request);
      const messageBody = (body ?? {}) as MessageBody;
      if (!hasVisibleContent(messageBody, files)) throw discordErrors.emptyMessage();
      let message: APIMessage;
      if (
        record.awaitingFirstFollowup &&
        record.originalMessageId !== null &&
        context.world.hasMessage(record.originalMessageId)
      ) {
        // After a deferred reply, Discord turns the first followup into the deferred message; once
        // that placeholder is deleted (through the webhook or by a person), a followup is a message
        // of its own (discord/discord-api-docs#2739).
        message = edit(request, record, record.originalMessageId, messageBody, files);
      } else {
        message = createResponseMessage(context, record, messageBody, 0, files);
      }
      return query.get('wait') === 'true' ? ok(message) : noContent();
    },
  }),
];
