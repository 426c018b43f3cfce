import { UserError } from '../errors.js';

/**
 * Control characters (PostgreSQL refuses NUL; the others garble messages), lone surrogates, and
 * the bidirectional overrides and isolates that make a name display as something else.
 */
const FORBIDDEN = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;
/** Nothing visible: spaces and invisible format characters (zero-width space, joiners…). */
const INVISIBLE = /^[\s\p{Cf}]*$/u;

/**
 * A layer or sublist name as stored and sent to Spotify, or a user error; checked before anything
 * is created, so that a refused name changes nothing anywhere.
 */
export const checkName = (kind: 'layer' | 'sublist', name: string, max: number): string => {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (FORBIDDEN.test(trimmed)) throw new UserError({ code: 'invalid-input', rule: 'name-characters', kind });
  if (INVISIBLE.test(trimmed)) throw new UserError({ code: 'invalid-input', rule: 'name-empty', kind });
  if (trimmed.length > max) throw new UserError({ code: 'invalid-input', rule: 'name-too-long', kind, max });
  return trimmed;
};
