import {
  ApplicationCommandOptionType,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIInteractionDataResolved,
} from 'discord-api-types/v10';
import { apiInteractionMember, apiUser } from './payloads.js';
import type { FakeUser } from './world.js';

/** A value a test gives for a slash command option; users may be given as FakeUser. */
export type SlashOptionValue = string | number | boolean | FakeUser;

export interface CommandInvocation {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Readonly<Record<string, SlashOptionValue>>;
  /** For autocomplete: the option being typed in. */
  focused?: string;
}

export interface BuiltCommandData {
  options: APIApplicationCommandInteractionDataOption[];
  resolved: APIInteractionDataResolved | undefined;
}

type LeafOption = Exclude<
  APIApplicationCommandOption,
  { type: ApplicationCommandOptionType.Subcommand | ApplicationCommandOptionType.SubcommandGroup }
>;

/**
 * Builds `data.options` (nested under subcommand group / subcommand) with the types the
 * registered definition declares, refusing what Discord's client would never send:
 * unknown options, missing required ones, values outside the declared choices, autocomplete on
 * an option declared without it.
 */
export function buildCommandData(
  definition: APIApplicationCommand | undefined,
  invocation: CommandInvocation,
  guildId: string | null,
): BuiltCommandData {
  const declared = definition === undefined ? undefined : leafDefinitions(definition, invocation);
  const users: Record<string, ReturnType<typeof apiUser>> = {};
  const members: Record<string, unknown> = {};
  const leaves: APIApplicationCommandInteractionDataOption[] = [];
  const given = invocation.options ?? {};
  for (const [name, value] of Object.entries(given)) {
    const spec = declared?.find((o) => o.name === name);
    if (declared !== undefined && spec === undefined) {
      throw new Error(
        `/${invocation.name} has no option "${name}" (declared: ${declared.map((o) => o.name).join(', ')})`,
      );
    }
    const type = spec?.type ?? inferType(value);
    const isFocused = invocation.focused === name;
    if (spec !== undefined && !isFocused) checkChoice(invocation.name, spec, value);
    if (spec !== undefined && isFocused && !('autocomplete' in spec && spec.autocomplete === true)) {
      throw new Error(
        `/${invocation.name} option "${name}" is not declared with autocomplete: Discord's client suggests nothing for it`,
      );
    }
    if (typeof value === 'object') {
      users[value.id] = apiUser(value);
      if (guildId !== null) members[value.id] = withoutUser(apiInteractionMember(value));
    }
    const raw = typeof value === 'object' ? value.id : value;
    leaves.push({
      name,
      type,
      value: raw,
      ...(isFocused ? { focused: true } : {}),
    } as APIApplicationCommandInteractionDataOption);
  }
  if (declared !== undefined && invocation.focused === undefined) {
    const missing = declared.filter((o) => o.required === true && !(o.name in given)).map((o) => o.name);
    if (missing.length > 0)
      throw new Error(`/${invocation.name} is missing required options: ${missing.join(', ')}`);
  }
  const resolved =
    Object.keys(users).length === 0
      ? undefined
      : ({ users, ...(guildId === null ? {} : { members }) } as APIInteractionDataResolved);
  return { options: nest(invocation, leaves), resolved };
}

function leafDefinitions(definition: APIApplicationCommand, invocation: CommandInvocation): LeafOption[] {
  let options: readonly APIApplicationCommandOption[] = definition.options ?? [];
  const descend = (type: ApplicationCommandOptionType, name: string | undefined): void => {
    if (name === undefined) return;
    const found = options.find((o) => o.type === type && o.name === name);
    if (found === undefined || !('options' in found)) {
      throw new Error(
        `/${definition.name} has no ${type === ApplicationCommandOptionType.Subcommand ? 'subcommand' : 'group'} "${name}"`,
      );
    }
    options = (found.options ?? []) as readonly APIApplicationCommandOption[];
  };
  descend(ApplicationCommandOptionType.SubcommandGroup, invocation.subcommandGroup);
  descend(ApplicationCommandOptionType.Subcommand, invocation.subcommand);
  if (
    invocation.subcommand === undefined &&
    options.some((o) => o.type === ApplicationCommandOptionType.Subcommand)
  ) {
    throw new Error(`/${definition.name} needs a subcommand`);
  }
  return options.filter(
    (o): o is LeafOption =>
      o.type !== ApplicationCommandOptionType.Subcommand &&
      o.type !== ApplicationCommandOptionType.SubcommandGroup,
  );
}

function nest(
  invocation: CommandInvocation,
  leaves: APIApplicationCommandInteractionDataOption[],
): APIApplicationCommandInteractionDataOption[] {
  let options = leaves;
  if (invocation.subcommand !== undefined) {
    options = [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: invocation.subcommand,
        options,
      } as APIApplicationCommandInteractionDataOption,
    ];
  }
  if (invocation.subcommandGroup !== undefined) {
    options = [
      {
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: invocation.subcommandGroup,
        options,
      } as APIApplicationCommandInteractionDataOption,
    ];
  }
  return options;
}

function inferType(value: SlashOptionValue): ApplicationCommandOptionType {
  if (typeof value === 'object') return ApplicationCommandOptionType.User;
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? ApplicationCommandOptionType.Integer
      : ApplicationCommandOptionType.Number;
  }
  return ApplicationCommandOptionType.String;
}

function checkChoice(command: string, spec: LeafOption, value: SlashOptionValue): void {
  const choices = 'choices' in spec ? spec.choices : undefined;
  if (choices === undefined || choices.length === 0) return;
  if (!choices.some((c) => c.value === value)) {
    throw new Error(
      `/${command} option "${spec.name}" must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`,
    );
  }
}

function withoutUser<T extends { user?: unknown }>(member: T): Omit<T, 'user'> {
  const { user: _user, ...rest } = member;
  return rest;
}
