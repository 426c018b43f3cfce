import { apiChannel, apiUser } from '../payloads.js';
import { ok, route } from '../route.js';

export const userRoutes = [
  route({
    method: 'GET',
    pattern: '/users/@me',
    auth: true,
    handle: ({ context }) => ok(apiUser(context.bot)),
  }),
  route({
    method: 'GET',
    pattern: '/users/:userId',
    auth: true,
    handle: ({ context, params }) => ok(apiUser(context.world.requireUser(params['userId'] ?? ''))),
  }),
  route({
    method: 'POST',
    pattern: '/users/@me/channels',
    specPath: '/users/@me/channels',
    auth: true,
    handle({ context, body }) {
      const recipientId = String((body as { recipient_id?: unknown } | undefined)?.recipient_id ?? '');
      // Opening the channel works even when the user's DMs are closed; sending to it fails (50007).
      const user = context.world.requireUser(recipientId);
      return ok(apiChannel(context.world, context.world.dmChannel(user.id)));
    },
  }),
];
