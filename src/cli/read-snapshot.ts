import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { type LibrarySnapshot, parseLibrarySnapshot } from '../core/library-snapshot.js';

/** Reads a `library-snapshot/1` file, gzipped (`.gz`) or plain JSON. */
export const readLibrarySnapshot = async (file: string): Promise<LibrarySnapshot> => {
  const bytes = await readFile(file);
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = (isGzip ? gunzipSync(bytes) : bytes).toString('utf8');
  return parseLibrarySnapshot(JSON.parse(text) as unknown);
};
