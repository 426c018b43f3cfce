import type { FieldError } from './errors.js';

type Path = (string | number)[];

/** With the u flag a paired surrogate is one astral code point: only a lone one is in Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Every string in a request body must be valid UTF-8: a lone UTF-16 surrogate (half an emoji,
 * as a `slice` can leave) has no UTF-8 form, and Discord refuses the whole request
 * (discord/discord-api-docs#6561). JSON.stringify escapes it as `\ud83d`, so it reaches here intact.
 */
export function checkWellFormedText(value: unknown, path: Path = []): FieldError[] {
  if (typeof value === 'string') {
    return !LONE_SURROGATE.test(value)
      ? []
      : [
          {
            path,
            code: 'STRING_VALUE_INVALID_UTF8',
            message: `Not valid UTF-8: a lone surrogate at ${describeLoneSurrogate(value)}`,
          },
        ];
  }
  if (Array.isArray(value))
    return value.flatMap((item, index) => checkWellFormedText(item, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => checkWellFormedText(item, [...path, key]));
  }
  return [];
}

function describeLoneSurrogate(text: string): string {
  const chars = [...text];
  const index = chars.findIndex((char) => LONE_SURROGATE.test(char));
  return `character ${index}, after ${JSON.stringify(chars.slice(Math.max(0, index - 20), index).join(''))}`;
}
