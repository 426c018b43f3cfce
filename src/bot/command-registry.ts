import { readdir } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isSlashCommand, type SlashCommand } from './slash-command.js';

export class CommandRegistryError extends Error {
  override name = 'CommandRegistryError';
}

export const COMMANDS_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), 'commands');

/** A name → command map; two commands with one name are a programming error. */
export const buildCommandRegistry = (commands: readonly SlashCommand[]): Map<string, SlashCommand> => {
  const registry = new Map<string, SlashCommand>();
  for (const command of commands) {
    if (registry.has(command.data.name)) {
      throw new CommandRegistryError(`Two slash commands are named /${command.data.name}.`);
    }
    registry.set(command.data.name, command);
  }
  return registry;
};

const isModuleFile = (file: string): boolean =>
  ['.ts', '.js'].includes(extname(file)) && !file.endsWith('.d.ts') && !file.endsWith('.test.ts');

/** Imports every file of the folder; each must default-export a SlashCommand. */
export const loadCommands = async (directory = COMMANDS_DIRECTORY): Promise<Map<string, SlashCommand>> => {
  const files = (await readdir(directory)).filter(isModuleFile).sort();
  const commands: SlashCommand[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(directory, file)).href)) as { default?: unknown };
    if (!isSlashCommand(module.default)) {
      throw new CommandRegistryError(`${file} does not default-export a slash command ({ data, execute }).`);
    }
    commands.push(module.default);
  }
  return buildCommandRegistry(commands);
};
