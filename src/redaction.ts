/**
 * Credentials that reach a log line or a stored job failure through an error or a request: an
 * interaction or webhook token in a Discord path, a one-time link id, an Authorization header,
 * OAuth tokens, secrets and codes in a query, a form body or JSON. The text may be a finished JSON
 * log line, so a quote may come escaped (\") and a value never runs past a quote or a backslash:
 * what is left stays valid JSON.
 */
const QUOTE = String.raw`(?:\\?["'])?`;
const ASSIGNED = `${QUOTE}\\s*[=:]\\s*${QUOTE}`;
const SECRETS: [RegExp, string][] = [
  [/(\/(?:webhooks|interactions)\/[^/\s"'\\]+\/)[^/\s?#"'\\]+/gi, '$1[redacted]'],
  [/(\/link\/)[^/\s?#"'\\]+/gi, '$1[redacted]'],
  // Any scheme (Bot, Bearer, Basic...): the scheme stays, its credentials go.
  [
    new RegExp(`\\b(authorization${ASSIGNED}(?:(?:Bearer|Basic|Bot)\\s+)?)[^"'\\\\\\r\\n,;)]+`, 'gi'),
    '$1[redacted]',
  ],
  [/\b(Bearer|Basic)\s+[^\s,;)"'\\]+/gi, '$1 [redacted]'],
  [
    new RegExp(
      `\\b(access_?token|refresh_?token|id_?token|client_?secret|code_?verifier|interaction_?token)(${ASSIGNED})[^\\s&,;)"'\\\\]+`,
      'gi',
    ),
    '$1$2[redacted]',
  ],
  [/\b((?:code|state|token)=)[^\s&#"'\\]+/gi, '$1[redacted]'],
];

/** `text` without the tokens, secrets and codes a request, its error or a log line may hold. */
export const withoutSecrets = (text: string): string =>
  SECRETS.reduce((scrubbed, [pattern, replacement]) => scrubbed.replace(pattern, replacement), text);
