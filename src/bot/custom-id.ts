/**
 * custom_id scheme: `ml<version>:<kind>:<args…>`, at most 100 characters. A press whose version
 * is not the current one comes from a message an older bot posted: it is answered as stale.
 * Each kind has fixed argument shapes; an id that fits none (a forged or mangled one) is refused
 * before any handler sees it.
 */
export const CUSTOM_ID_VERSION = 1;
const PREFIX = `ml${CUSTOM_ID_VERSION}`;
const MAX_LENGTH = 100;

const SNOWFLAKE = /^\d{17,20}$/;
/** A UUID without dashes (`compactUuid`). */
const UUID32 = /^[0-9a-f]{32}$/;
const SPOTIFY_TRACK = /^[A-Za-z0-9]{22}$/;
const YES_NO = /^[yn]$/;
/** Void, Done, Skip, Undo, Stop, or `s` + a sublist's compact UUID. */
const LABEL_ACTION = /^(?:[vdkux]|s[0-9a-f]{32})$/;
const LABEL_ONLY_FLAG = /^l$/;
const CHOOSE_FLAG = /^c$/;

/** `mv`: a correction menu (new-songs DM, /sort summary) that moves a placed track; `:l` stores the label only. */
const SHAPES = {
  lb: [[UUID32, SPOTIFY_TRACK, LABEL_ACTION]],
  lm: [[UUID32, SPOTIFY_TRACK]],
  ul: [[SNOWFLAKE, YES_NO]],
  ld: [[UUID32, YES_NO]],
  su: [[UUID32]],
  /** The "link again" button of the DM a week before the Spotify link expires. */
  rl: [[]],
  /** /status's "Try a DM" after Discord refused one: sends one now, whatever the pause after a refusal. */
  dt: [[]],
  mv: [
    [UUID32, SPOTIFY_TRACK],
    [UUID32, SPOTIFY_TRACK, LABEL_ONLY_FLAG],
  ],
  /** The Confirm button of `/sort everything:true`, after its warning. */
  se: [[UUID32]],
  /** A waiting song of a new-songs DM: its Place button (the best guess), or `:c` its menu of sublists. */
  pw: [
    [UUID32, SPOTIFY_TRACK],
    [UUID32, SPOTIFY_TRACK, CHOOSE_FLAG],
  ],
} satisfies Record<string, readonly (readonly RegExp[])[]>;

export type ComponentKind = keyof typeof SHAPES;

export interface ParsedCustomId {
  kind: ComponentKind;
  args: string[];
}

export type CustomIdParse =
  { ok: true; id: ParsedCustomId } | { ok: false; reason: 'foreign' | 'old-version' | 'malformed' };

const isKind = (kind: string): kind is ComponentKind => Object.hasOwn(SHAPES, kind);

const fits = (kind: ComponentKind, args: readonly string[]): boolean =>
  SHAPES[kind].some(
    (shape) => shape.length === args.length && shape.every((pattern, i) => pattern.test(args[i] ?? '')),
  );

export const customId = (kind: ComponentKind, ...args: string[]): string => {
  if (!fits(kind, args)) throw new Error(`custom_id arguments do not fit kind ${kind}: ${args.join(', ')}`);
  const id = [PREFIX, kind, ...args].join(':');
  if (id.length > MAX_LENGTH) throw new Error(`custom_id longer than ${MAX_LENGTH} characters: ${id}`);
  return id;
};

export const parseCustomId = (id: string): CustomIdParse => {
  const [prefix, kind, ...args] = id.split(':');
  if (prefix === PREFIX) {
    if (id.length > MAX_LENGTH || kind === undefined || !isKind(kind) || !fits(kind, args))
      return { ok: false, reason: 'malformed' };
    return { ok: true, id: { kind, args } };
  }
  if (prefix !== undefined && /^ml\d+$/.test(prefix)) return { ok: false, reason: 'old-version' };
  return { ok: false, reason: 'foreign' };
};

/** UUIDs without dashes keep label buttons under the 100-character limit. */
export const compactUuid = (uuid: string): string => uuid.replaceAll('-', '').toLowerCase();

export const expandUuid = (compact: string): string | undefined => {
  if (!/^[0-9a-f]{32}$/i.test(compact)) return undefined;
  return `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
};
