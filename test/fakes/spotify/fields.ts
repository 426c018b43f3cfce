/**
 * Spotify's `fields` filter for `GET /playlists/{id}` and `GET /playlists/{id}/items`:
 * a comma-separated list of keys, `key(sub,keys)` to filter inside objects (and inside each
 * element of arrays), and `!key` to exclude, e.g. `items(added_at,item(id,name,artists(name))),next`.
 */
export type FieldFilter = { include: Map<string, FieldFilter | null>; exclude: Set<string> };

export class FieldsSyntaxError extends Error {}

export function parseFields(text: string): FieldFilter {
  let i = 0;
  const list = (): FieldFilter => {
    const filter: FieldFilter = { include: new Map(), exclude: new Set() };
    for (;;) {
      const negate = text[i] === '!';
      if (negate) i++;
      const start = i;
      while (i < text.length && !',()!'.includes(text[i]!)) i++;
      const name = text.slice(start, i).trim();
      if (!name) throw new FieldsSyntaxError(`empty field name at ${start} in "${text}"`);
      let sub: FieldFilter | null = null;
      if (text[i] === '(') {
        i++;
        sub = list();
        if (text[i] !== ')') throw new FieldsSyntaxError(`missing ")" in "${text}"`);
        i++;
      }
      if (negate) filter.exclude.add(name);
      else filter.include.set(name, sub);
      if (text[i] === ',') {
        i++;
        continue;
      }
      return filter;
    }
  };
  const filter = list();
  if (i !== text.length) throw new FieldsSyntaxError(`unexpected "${text[i]}" at ${i} in "${text}"`);
  return filter;
}

export function applyFields(value: unknown, filter: FieldFilter): unknown {
  if (Array.isArray(value)) return value.map((v) => applyFields(v, filter));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = filter.include.size > 0 ? [...filter.include.keys()] : Object.keys(source);
  for (const key of keys) {
    if (filter.exclude.has(key) || !(key in source)) continue;
    const sub = filter.include.get(key);
    out[key] = sub ? applyFields(source[key], sub) : source[key];
  }
  return out;
}
