import type { RouteRequest } from '../route.js';
import { discordErrors } from '../errors.js';
import { apiChannel, apiMember, guildCreatePayload } from '../payloads.js';
import { ok, route } from '../route.js';
import type { FakeGuild } from '../world.js';

function guildOf({ context, params }: RouteRequest): FakeGuild {
  const guild = context.world.guilds.get(params['guildId'] ?? '');
  if (guild === undefined) throw discordErrors.unknownGuild();
  return guild;
}

export const guildRoutes = [
  route({
    method: 'GET',
    pattern: '/guilds/:guildId',
    auth: true,
    handle(request) {
      const {
        members: _members,
        channels: _channels,
        ...guild
      } = guildCreatePayload(request.context.world, guildOf(request), []);
      return ok(guild);
    },
  }),
  route({
    method: 'GET',
    pattern: '/guilds/:guildId/channels',
    auth: true,
    handle(request) {
      const { world } = request.context;
      return ok(guildOf(request).channelIds.map((id) => apiChannel(world, world.requireChannel(id))));
    },
  }),
  route({
    method: 'GET',
    pattern: '/guilds/:guildId/members/:userId',
    auth: true,
    handle(request) {
      guildOf(request);
      const user = request.context.world.users.get(request.params['userId'] ?? '');
      if (user === undefined) throw discordErrors.unknownMember();
      return ok(apiMember(user));
    },
  }),
];
