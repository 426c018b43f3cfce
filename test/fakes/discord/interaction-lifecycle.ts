import {
  InteractionResponseType,
  MessageFlags,
  MessageType,
  type APIApplicationCommandOptionChoice,
  type APIMessage,
  type APIMessageInteractionMetadata,
} from 'discord-api-types/v10';
import type { FakeContext } from './context.js';
import { DiscordHttpError, discordErrors, invalidFormBody } from './errors.js';
import type { InteractionKind, InteractionRecord } from './interaction-record.js';
import { apiUser } from './payloads.js';
import type { ArrivalTime } from './route.js';
import type { UploadedFile } from './uploads.js';
import type { MessageBody } from './world.js';

const ALLOWED_RESPONSES: Record<InteractionKind, ReadonlySet<number>> = {
  command: new Set([
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ]),
  component: new Set([
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ]),
  'modal-submit': new Set([
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ]),
  autocomplete: new Set([InteractionResponseType.ApplicationCommandAutocompleteResult]),
};

/** Initial responses that carry a message, and so may carry files. */
const FILE_RESPONSES: ReadonlySet<number> = new Set([
  InteractionResponseType.ChannelMessageWithSource,
  InteractionResponseType.UpdateMessage,
]);

/** The record for a callback URL, or the error Discord gives for a dead or unknown interaction. */
export function interactionForCallback(
  context: FakeContext,
  arrival: ArrivalTime,
  id: string,
  token: string,
): InteractionRecord {
  const record = context.interactions.byId(id);
  if (record === undefined || record.token !== token) {
    throw discordErrors
      .unknownInteraction()
      .asViolation('interaction', `no interaction ${id} with that token`);
  }
  const age = arrival.clock - record.createdAt;
  if (record.invalidated || age > context.timing.tokenLifetimeMs) {
    throw discordErrors
      .unknownInteraction()
      .asViolation('interaction', `interaction ${id} is no longer valid`);
  }
  if (record.initial !== null) {
    record.rejectedCallbackCodes.push(40060);
    throw discordErrors
      .alreadyAcknowledged()
      .asViolation(
        'interaction',
        `interaction ${id} already got an initial response (type ${record.initial.type})`,
      );
  }
  if (age > context.timing.initialResponseMs) {
    // Discord invalidates the token when the 3 s window passes; later followups fail too.
    record.invalidated = true;
    record.rejectedCallbackCodes.push(10062);
    throw discordErrors
      .unknownInteraction()
      .asViolation(
        'interaction',
        `initial response after ${age} ms; Discord allows ${context.timing.initialResponseMs} ms`,
      );
  }
  return record;
}

/** The record behind `/webhooks/:applicationId/:token`, checked for life and acknowledgement. */
export function interactionForWebhook(
  context: FakeContext,
  arrival: ArrivalTime,
  applicationId: string,
  token: string,
): InteractionRecord {
  const record = context.interactions.byToken(token);
  if (record === undefined || applicationId !== context.applicationId) {
    throw discordErrors.unknownWebhook().asViolation('interaction', 'no interaction webhook with that token');
  }
  if (arrival.clock - record.createdAt > context.timing.tokenLifetimeMs) {
    throw discordErrors
      .invalidWebhookToken()
      .asViolation('interaction', `interaction token used after ${context.timing.tokenLifetimeMs} ms`);
  }
  if (record.invalidated) {
    throw discordErrors
      .unknownWebhook()
      .asViolation('interaction', 'token invalidated: no initial response in time');
  }
  if (record.initial === null) {
    throw discordErrors
      .unknownWebhook()
      .asViolation('interaction', 'webhook call before any initial response (reply or defer first)');
  }
  record.lastActivityAt = arrival.real;
  return record;
}

export function checkResponseType(record: InteractionRecord, type: unknown): InteractionResponseType {
  if (typeof type !== 'number' || !ALLOWED_RESPONSES[record.kind].has(type)) {
    throw invalidFormBody(
      [
        {
          path: ['type'],
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: `Type ${String(type)} is not a valid response to a ${record.kind} interaction`,
        },
      ],
      'interaction',
    );
  }
  return type as InteractionResponseType;
}

/**
 * An ephemeral message lives on the token of the interaction that made it: once that token is past
 * its lifetime, the message can no longer be changed, not even through a newer interaction on its
 * buttons. Discord does not promise more (its client drops ephemeral messages on reload), so the
 * fake refuses it: a bot that keeps a private message going must continue in a fresh one.
 */
export function checkEphemeralChangeable(
  context: FakeContext,
  arrival: ArrivalTime,
  messageId: string,
): void {
  if (context.world.visibilityOf(messageId) === null) return;
  const creatorId = context.world.getMessage(messageId).interaction_metadata?.id;
  const creator = creatorId === undefined ? undefined : context.interactions.byId(creatorId);
  if (creator === undefined || arrival.clock - creator.createdAt <= context.timing.tokenLifetimeMs) return;
  throw discordErrors
    .unknownMessage()
    .asViolation(
      'interaction',
      `ephemeral message ${messageId} changed after the token of interaction ${creator.id}, which made it, expired`,
    );
}

/** Applies an accepted initial response and returns the message it created or touched, if any. */
export function applyInitialResponse(
  context: FakeContext,
  arrival: ArrivalTime,
  record: InteractionRecord,
  type: InteractionResponseType,
  data: unknown,
  files: readonly UploadedFile[] = [],
): APIMessage | null {
  if (files.length > 0 && !FILE_RESPONSES.has(type)) {
    throw invalidFormBody(
      [{ path: ['files'], code: 'FILES_NOT_ALLOWED', message: `Response type ${type} takes no files` }],
      'spec',
    );
  }
  if (type === InteractionResponseType.UpdateMessage && record.sourceMessageId !== null) {
    checkEphemeralChangeable(context, arrival, record.sourceMessageId);
  }
  record.initial = { type, data, elapsedMs: arrival.real - record.dispatchedAt };
  record.lastActivityAt = arrival.real;
  const body = (data ?? {}) as MessageBody & { choices?: APIApplicationCommandOptionChoice[] };
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource:
      return createResponseMessage(context, record, body, 0, files);
    case InteractionResponseType.DeferredChannelMessageWithSource:
      record.awaitingFirstFollowup = true;
      return createResponseMessage(context, record, { flags: body.flags ?? 0 }, MessageFlags.Loading);
    case InteractionResponseType.DeferredMessageUpdate:
      record.originalMessageId = requireSource(record);
      return context.world.getMessage(record.originalMessageId);
    case InteractionResponseType.UpdateMessage:
      record.originalMessageId = requireSource(record);
      return context.world.editMessage(record.originalMessageId, body, { files });
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      record.choices = body.choices ?? [];
      return null;
    case InteractionResponseType.Modal:
      record.modal = data;
      return null;
    default:
      throw new DiscordHttpError(400, 50035, `Response type ${String(type)} is not supported by the fake`);
  }
}

/** A new message from the application's webhook in the interaction's channel (ephemeral if flagged). */
export function createResponseMessage(
  context: FakeContext,
  record: InteractionRecord,
  body: MessageBody,
  extraFlags: number,
  files: readonly UploadedFile[] = [],
): APIMessage {
  const ephemeral = ((body.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const isFirst = record.originalMessageId === null;
  const message = context.world.createMessage({
    channelId: record.channelId,
    author: apiUser(context.bot),
    body,
    type: isFirst && record.kind === 'command' ? MessageType.ChatInputCommand : MessageType.Default,
    applicationId: context.applicationId,
    interactionMetadata: interactionMetadata(record),
    visibleTo: ephemeral ? record.user.id : null,
    extraFlags,
    files,
  });
  if (isFirst) record.originalMessageId = message.id;
  else record.followupMessageIds.push(message.id);
  return message;
}

function interactionMetadata(record: InteractionRecord): APIMessageInteractionMetadata {
  return {
    id: record.id,
    type: record.payload.type,
    user: apiUser(record.user),
    authorizing_integration_owners: record.payload.authorizing_integration_owners,
  } as APIMessageInteractionMetadata;
}

function requireSource(record: InteractionRecord): string {
  if (record.sourceMessageId === null) throw discordErrors.unknownMessage();
  return record.sourceMessageId;
}
