import { createHash, randomBytes } from 'node:crypto';

/** 64 URL-safe characters, within PKCE's 43–128. */
export const createCodeVerifier = (): string => randomBytes(48).toString('base64url');

export const codeChallengeOf = (verifier: string): string =>
  createHash('sha256').update(verifier).digest('base64url');

export const createOAuthState = (): string => randomBytes(24).toString('base64url');
