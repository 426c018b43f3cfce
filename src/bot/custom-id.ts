/**
 * custom_id scheme: `ml<version>:<kind>:<args…>`, at most 100 characters. A press whose version
 * is not the current one comes from a message an older bot posted: it is answered as stale.
 */
export const CUSTOM_ID_VERSION = 1;
const PREFIX = `ml${CUSTOM_ID_VERSION}`;
const MAX_LENGTH = 100;

/** `mv`: a correction menu (new-songs DM, /sort summary) that moves a placed track; `:l` stores the label only. */
export type ComponentKind = 'lb' | 'lm' | 'ul' | 'ld' | 'su' | 'mv';

export interface ParsedCustomId {
  kind: string;
  args: string[];
}

export type CustomIdParse =
  { ok: true; id: ParsedCustomId } | { ok: false; reason: 'foreign' | 'old-version' };

export const customId = (kind: ComponentKind, ...args: string[]): string => {
  if (args.some((arg) => arg.includes(':')))
    throw new Error(`custom_id argument contains ':' (${args.join(', ')})`);
  const id = [PREFIX, kind, ...args].join(':');
  if (id.length > MAX_LENGTH) throw new Error(`custom_id longer than ${MAX_LENGTH} characters: ${id}`);
  return id;
};

export const parseCustomId = (id: string): CustomIdParse => {
  const [prefix, kind, ...args] = id.split(':');
  if (prefix === PREFIX && kind) return { ok: true, id: { kind, args } };
  if (prefix !== undefined && /^ml\d+$/.test(prefix)) return { ok: false, reason: 'old-version' };
  return { ok: false, reason: 'foreign' };
};

/** UUIDs without dashes keep label buttons under the 100-character limit. */
export const compactUuid = (uuid: string): string => uuid.replaceAll('-', '');

export const expandUuid = (compact: string): string | undefined => {
  if (!/^[0-9a-f]{32}$/i.test(compact)) return undefined;
  return `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
};
