import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';

const readIfPresent = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** The env file's text; a new one starts from `.env.example` beside it, with every key commented. */
export const readEnvText = async (path: string): Promise<{ text: string; existed: boolean }> => {
  const text = await readIfPresent(path);
  if (text !== undefined) return { text, existed: true };
  return { text: (await readIfPresent(join(dirname(path), '.env.example'))) ?? '', existed: false };
};

export const parseEnvText = (text: string): Record<string, string> =>
  parseEnv(text) as Record<string, string>;

const SAFE_VALUE = /^[\w.:/@+,=-]*$/;

const formatValue = (value: string): string => {
  if (SAFE_VALUE.test(value)) return value;
  if (/[\r\n]/.test(value)) throw new Error('a setting cannot span several lines');
  const quote = ["'", '"', '`'].find((candidate) => !value.includes(candidate));
  if (quote === undefined) throw new Error('a setting cannot hold all three kinds of quotes');
  return `${quote}${value}${quote}`;
};

/**
 * Sets each key in the text: its line is replaced where it stands (later repeats, which would win,
 * are dropped) and a key the text lacks is appended. Every other line stays as it was.
 */
export const withSettings = (text: string, values: Readonly<Record<string, string>>): string => {
  const pending = new Map(Object.entries(values));
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const key = /^\s*(?:export\s+)?([\w.-]+)\s*=/.exec(line)?.[1];
    if (key === undefined || !(key in values)) {
      lines.push(line);
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`${key}=${formatValue(values[key] ?? '')}`);
    pending.delete(key);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  for (const [key, value] of pending) lines.push(`${key}=${formatValue(value)}`);
  return `${lines.join('\n')}\n`;
};

/** Replaces the file at once, readable by its owner only: it holds the bot token and the client secret. */
export const writePrivateFile = async (path: string, text: string): Promise<void> => {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
};
