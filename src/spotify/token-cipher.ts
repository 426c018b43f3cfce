import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface TokenKey {
  id: string;
  key: Buffer;
}

export class TokenCipherError extends Error {
  override name = 'TokenCipherError';
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]+$/;

/**
 * AES-256-GCM for tokens at rest: `keyId.iv.tag.data` (base64url). The first key encrypts, every key
 * decrypts, so a new key can be put first while rows written under the old one stay readable.
 */
export class TokenCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly current: TokenKey;

  constructor(keys: readonly TokenKey[]) {
    const [first] = keys;
    if (!first) throw new TokenCipherError('at least one token encryption key is needed');
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id))
        throw new TokenCipherError(`key id "${id}" may hold only letters, digits, _ and -`);
      if (key.length !== 32) throw new TokenCipherError(`key "${id}" must be 32 bytes`);
    }
    this.current = first;
    this.keys = new Map(keys.map(({ id, key }) => [id, key]));
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current.key, iv);
    cipher.setAAD(Buffer.from(this.current.id));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [this.current.id, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(ciphertext: string): string {
    const [id, iv, tag, data, ...rest] = ciphertext.split('.');
    if (id === undefined || iv === undefined || tag === undefined || data === undefined || rest.length > 0)
      throw new TokenCipherError('not a token ciphertext');
    const key = this.keys.get(id);
    if (!key) throw new TokenCipherError(`no key "${id}" among the configured token encryption keys`);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new TokenCipherError(`token ciphertext does not authenticate under key "${id}"`);
    }
  }

  /** True when the ciphertext was written under an older key and should be re-encrypted. */
  isStale(ciphertext: string): boolean {
    return !ciphertext.startsWith(`${this.current.id}.`);
  }
}
