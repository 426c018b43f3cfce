/** Encrypts secrets at rest (the Spotify side's token cipher, AES-256-GCM under TOKEN_ENCRYPTION_KEY). */
export interface SecretCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}
