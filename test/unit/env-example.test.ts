import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const keysIn = (text: string, pattern: RegExp): string[] =>
  [...new Set([...text.matchAll(pattern)].map((m) => m[1]!))].sort();

describe('.env.example', () => {
  it('lists exactly the keys that src/config.ts reads', () => {
    const config = readFileSync(join(root, 'src/config.ts'), 'utf8');
    const schemaKeys = keysIn(config, /^ {2}([A-Z][A-Z0-9_]+):/gm);
    const exampleKeys = keysIn(readFileSync(join(root, '.env.example'), 'utf8'), /^([A-Z][A-Z0-9_]+)=/gm);
    expect(schemaKeys.length).toBeGreaterThan(15);
    expect(exampleKeys).toEqual(schemaKeys);
  });
});
