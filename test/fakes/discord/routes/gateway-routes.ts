import { ok, route } from '../route.js';

export const gatewayRoutes = [
  route({
    method: 'GET',
    pattern: '/gateway',
    auth: false,
    handle: ({ context }) => ok({ url: context.gatewayUrl() }),
  }),
  route({
    method: 'GET',
    pattern: '/gateway/bot',
    auth: true,
    handle: ({ context }) =>
      ok({
        url: context.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
  }),
];
