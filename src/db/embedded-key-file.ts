import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredKey {
  id: string;
  key: Buffer;
}

/**
 * The token encryption key of an embedded install: read from DATA_DIR, or made once (mode 0600)
 * so that `npm start` works with no configuration beyond the credentials.
 */
export const loadOrCreateEmbeddedKey = (dataDir: string): StoredKey => {
  const file = join(dataDir, 'token-encryption.key');
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32)
      throw new Error(`${file} does not hold a 32-byte base64 key; restore it or set TOKEN_ENCRYPTION_KEY.`);
    return { id: 'embedded', key };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { id: 'embedded', key };
};
