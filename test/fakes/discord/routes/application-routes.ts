import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { FakeContext } from '../context.js';
import { discordErrors } from '../errors.js';
import { apiUser } from '../payloads.js';
import { noContent, ok, route, type Route, type RouteRequest } from '../route.js';

function applicationObject(context: FakeContext) {
  return {
    id: context.applicationId,
    name: context.bot.username,
    icon: null,
    description: '',
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    owner: apiUser(context.bot),
    team: null,
    bot: apiUser(context.bot),
    summary: '',
  };
}

function checkApplication({ context, params }: RouteRequest): void {
  if (params['applicationId'] !== context.applicationId) throw discordErrors.unknownRoute();
}

function guildScope({ context, params }: RouteRequest): string | null {
  const guildId = params['guildId'];
  if (guildId === undefined) return null;
  if (!context.world.guilds.has(guildId)) throw discordErrors.unknownGuild();
  return guildId;
}

/** The same command routes exist globally and per guild; only the scope differs. */
function commandRoutes(prefix: string, specPrefix: string): Route[] {
  return [
    route({
      method: 'GET',
      pattern: `${prefix}/commands`,
      auth: true,
      handle(request) {
        checkApplication(request);
        return ok(request.context.commands.list(guildScope(request)));
      },
    }),
    route({
      method: 'PUT',
      pattern: `${prefix}/commands`,
      specPath: `${specPrefix}/commands`,
      auth: true,
      handle(request) {
        checkApplication(request);
        const bodies = (request.body ?? []) as RESTPostAPIApplicationCommandsJSONBody[];
        return ok(request.context.commands.overwrite(guildScope(request), bodies));
      },
    }),
    route({
      method: 'POST',
      pattern: `${prefix}/commands`,
      specPath: `${specPrefix}/commands`,
      auth: true,
      handle(request) {
        checkApplication(request);
        const body = request.body as RESTPostAPIApplicationCommandsJSONBody;
        return { status: 201, body: request.context.commands.create(guildScope(request), body) };
      },
    }),
    route({
      method: 'GET',
      pattern: `${prefix}/commands/:commandId`,
      auth: true,
      handle(request) {
        checkApplication(request);
        const command = request.context.commands.get(guildScope(request), request.params['commandId'] ?? '');
        if (command === undefined) throw discordErrors.unknownApplicationCommand();
        return ok(command);
      },
    }),
    route({
      method: 'DELETE',
      pattern: `${prefix}/commands/:commandId`,
      auth: true,
      handle(request) {
        checkApplication(request);
        if (!request.context.commands.delete(guildScope(request), request.params['commandId'] ?? '')) {
          throw discordErrors.unknownApplicationCommand();
        }
        return noContent();
      },
    }),
  ];
}

export const applicationRoutes = [
  route({
    method: 'GET',
    pattern: '/applications/@me',
    auth: true,
    handle: ({ context }) => ok(applicationObject(context)),
  }),
  route({
    method: 'GET',
    pattern: '/oauth2/applications/@me',
    auth: true,
    handle: ({ context }) => ok(applicationObject(context)),
  }),
  ...commandRoutes('/applications/:applicationId', '/applications/{application_id}'),
  ...commandRoutes(
    '/applications/:applicationId/guilds/:guildId',
    '/applications/{application_id}/guilds/{guild_id}',
  ),
];
