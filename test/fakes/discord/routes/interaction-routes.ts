import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { checkAutocompleteLimits, checkMessageLimits, checkModalLimits } from '../limits.js';
import { applyInitialResponse, checkResponseType, interactionForCallback } from '../interaction-lifecycle.js';
import { noContent, ok, route, type RouteRequest } from '../route.js';

interface CallbackBody {
  type?: unknown;
  data?: unknown;
}

function callbackLimits({ body }: RouteRequest) {
  const { type, data } = (body ?? {}) as CallbackBody;
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource:
    case InteractionResponseType.UpdateMessage:
      return checkMessageLimits(data, ['data']);
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      return checkAutocompleteLimits(data, ['data']);
    case InteractionResponseType.Modal:
      return checkModalLimits(data, ['data']);
    default:
      return [];
  }
}

export const interactionRoutes = [
  route({
    method: 'POST',
    pattern: '/interactions/:interactionId/:token/callback',
    specPath: '/interactions/{interaction_id}/{interaction_token}/callback',
    auth: false,
    uploads: true,
    limits: callbackLimits,
    handle({ context, arrival, params, query, body, files }) {
      const record = interactionForCallback(
        context,
        arrival,
        params['interactionId'] ?? '',
        params['token'] ?? '',
      );
      const { type, data } = (body ?? {}) as CallbackBody;
      const responseType = checkResponseType(record, type);
      const message = applyInitialResponse(context, arrival, record, responseType, data, files);
      if (query.get('with_response') !== 'true') return noContent();
      const flags = message?.flags ?? 0;
      return ok({
        interaction: {
          id: record.id,
          type: record.payload.type,
          response_message_id: message?.id,
          response_message_loading: responseType === InteractionResponseType.DeferredChannelMessageWithSource,
          response_message_ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
        },
        resource: message === null ? { type: responseType } : { type: responseType, message },
      });
    },
  }),
];
