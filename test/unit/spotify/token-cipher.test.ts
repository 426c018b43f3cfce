import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenCipher, TokenCipherError } from '../../../src/spotify/token-cipher.js';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('TokenCipher', () => {
  it('round-trips a token and never shows the plaintext in the ciphertext', () => {
    const cipher = new TokenCipher([key('k1')]);
    const token = 'BQD-secret-access-token-1234567890';
    const sealed = cipher.encrypt(token);
    expect(sealed.startsWith('k1.')).toBe(true);
    expect(sealed).not.toContain(token);
    expect(sealed.split('.')).toHaveLength(4);
    expect(cipher.decrypt(sealed)).toBe(token);
  });

  it('uses a fresh IV each time', () => {
    const cipher = new TokenCipher([key('k1')]);
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('encrypts with the first key and still decrypts under older ones (rotation)', () => {
    const old = key('old');
    const sealedUnderOld = new TokenCipher([old]).encrypt('refresh-token');
    const rotated = new TokenCipher([key('new'), old]);
    expect(rotated.decrypt(sealedUnderOld)).toBe('refresh-token');
    expect(rotated.isStale(sealedUnderOld)).toBe(true);
    expect(rotated.encrypt('x').startsWith('new.')).toBe(true);
  });

  it('rejects tampered data, a tampered key id, and unknown keys', () => {
    const k1 = key('k1');
    const cipher = new TokenCipher([k1, key('k2')]);
    const [id, iv, tag, data] = cipher.encrypt('secret').split('.') as [string, string, string, string];
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => cipher.decrypt([id, iv, tag, flipped.toString('base64url')].join('.'))).toThrow(
      TokenCipherError,
    );
    expect(() => cipher.decrypt(['k2', iv, tag, data].join('.'))).toThrow(TokenCipherError);
    expect(() => new TokenCipher([key('k3')]).decrypt([id, iv, tag, data].join('.'))).toThrow(/no key "k1"/);
    expect(() => cipher.decrypt('plaintext')).toThrow(TokenCipherError);
  });

  it('refuses bad keys', () => {
    expect(() => new TokenCipher([])).toThrow(TokenCipherError);
    expect(() => new TokenCipher([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => new TokenCipher([{ id: 'has.dot', key: randomBytes(32) }])).toThrow(/key id/);
  });
});
