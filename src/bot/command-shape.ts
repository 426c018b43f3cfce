import {
  ApplicationCommandOptionType,
  type APIApplicationCommandOption,
  type CommandInteractionOption,
} from 'discord.js';

const isBranch = (type: ApplicationCommandOptionType): boolean =>
  type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup;

/**
 * Whether the options of an invocation fit the command's current definition: the subcommand (and
 * group) exist, every option is declared with that type, every required one is there. A Discord
 * client with an outdated command list sends invocations that do not; they are answered as stale
 * instead of reaching a handler that would misread them. An autocomplete (`partial`) may lack
 * required options: the user is still typing.
 */
export const fitsDefinition = (
  declared: readonly APIApplicationCommandOption[] | undefined,
  given: readonly CommandInteractionOption[],
  { partial = false }: { partial?: boolean } = {},
): boolean => {
  const options = declared ?? [];
  const [first] = given;
  if (first !== undefined && isBranch(first.type)) {
    if (given.length !== 1) return false;
    const branch = options.find((o) => o.type === first.type && o.name === first.name);
    if (branch === undefined || !('options' in branch)) return false;
    return fitsDefinition(branch.options, first.options ?? [], { partial });
  }
  if (options.some((o) => isBranch(o.type))) return false;
  const fitting = given.every((option) =>
    options.some((o) => o.name === option.name && o.type === option.type),
  );
  if (!fitting || partial) return fitting;
  const names = new Set(given.map((option) => option.name));
  return options.every((o) => !('required' in o) || o.required !== true || names.has(o.name));
};
