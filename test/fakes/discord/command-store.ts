import type { APIApplicationCommand, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { SnowflakeFactory } from './snowflakes.js';

/** Registered application commands, global and per guild, as Discord stores them. */
export class CommandStore {
  private readonly global = new Map<string, APIApplicationCommand>();
  private readonly perGuild = new Map<string, Map<string, APIApplicationCommand>>();

  constructor(
    private readonly applicationId: string,
    private readonly ids: SnowflakeFactory,
  ) {}

  list(guildId: string | null): APIApplicationCommand[] {
    return [...this.scope(guildId).values()].map((command) => structuredClone(command));
  }

  /** Bulk overwrite: commands keep their id when their name (and type) stays, like on Discord. */
  overwrite(
    guildId: string | null,
    bodies: RESTPostAPIApplicationCommandsJSONBody[],
  ): APIApplicationCommand[] {
    const scope = this.scope(guildId);
    const previous = new Map([...scope.values()].map((c) => [`${c.type}:${c.name}`, c]));
    scope.clear();
    for (const body of bodies) {
      const type = body.type ?? 1;
      const kept = previous.get(`${type}:${body.name}`);
      const command = this.build(guildId, body, kept?.id);
      scope.set(command.id, command);
    }
    return this.list(guildId);
  }

  create(guildId: string | null, body: RESTPostAPIApplicationCommandsJSONBody): APIApplicationCommand {
    const scope = this.scope(guildId);
    const type = body.type ?? 1;
    const existing = [...scope.values()].find((c) => c.type === type && c.name === body.name);
    const command = this.build(guildId, body, existing?.id);
    scope.set(command.id, command);
    return structuredClone(command);
  }

  get(guildId: string | null, commandId: string): APIApplicationCommand | undefined {
    const command = this.scope(guildId).get(commandId);
    return command === undefined ? undefined : structuredClone(command);
  }

  delete(guildId: string | null, commandId: string): boolean {
    return this.scope(guildId).delete(commandId);
  }

  /** The command a user would invoke by name in this guild: guild commands shadow global ones. */
  findChatInput(name: string, guildId: string | null): APIApplicationCommand | undefined {
    const candidates = [...(guildId === null ? [] : this.list(guildId)), ...this.list(null)];
    return candidates.find((c) => c.name === name && (c.type ?? 1) === 1);
  }

  private build(
    guildId: string | null,
    body: RESTPostAPIApplicationCommandsJSONBody,
    id: string | undefined,
  ): APIApplicationCommand {
    return {
      ...(structuredClone(body) as object),
      id: id ?? this.ids.next(),
      application_id: this.applicationId,
      ...(guildId === null ? {} : { guild_id: guildId }),
      type: body.type ?? 1,
      description: 'description' in body && typeof body.description === 'string' ? body.description : '',
      default_member_permissions: body.default_member_permissions ?? null,
      version: this.ids.next(),
    } as APIApplicationCommand;
  }

  private scope(guildId: string | null): Map<string, APIApplicationCommand> {
    if (guildId === null) return this.global;
    let scope = this.perGuild.get(guildId);
    if (scope === undefined) {
      scope = new Map();
      this.perGuild.set(guildId, scope);
    }
    return scope;
  }
}
