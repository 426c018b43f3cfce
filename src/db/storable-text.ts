import { withoutSecrets } from '../redaction.js';

/**
 * Free text as our tables keep it (an error's message, a refusal's reason): without the tokens,
 * secrets, codes and link ids a request's error may quote (the redaction of every log line), and
 * without the NUL character, which PostgreSQL's text columns (and PGlite's) refuse (22021) and a
 * message quoting a response body may hold: it becomes U+FFFD.
 */
export const storableText = (text: string): string => withoutSecrets(text).replaceAll('\u0000', '\uFFFD');
