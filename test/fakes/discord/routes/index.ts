import type { Route } from '../route.js';
import { applicationRoutes } from './application-routes.js';
import { channelRoutes } from './channel-routes.js';
import { gatewayRoutes } from './gateway-routes.js';
import { guildRoutes } from './guild-routes.js';
import { interactionRoutes } from './interaction-routes.js';
import { userRoutes } from './user-routes.js';
import { webhookRoutes } from './webhook-routes.js';

export const allRoutes: readonly Route[] = [
  ...gatewayRoutes,
  ...applicationRoutes,
  ...interactionRoutes,
  ...webhookRoutes,
  ...channelRoutes,
  ...userRoutes,
  ...guildRoutes,
];
