import { describe, expect, it } from 'vitest';
import { withoutSecrets } from '../../src/redaction.js';

describe('withoutSecrets', () => {
  it.each([
    [
      'PATCH https://discord.com/api/v10/webhooks/123/tok.en-_1/messages/@original',
      'PATCH https://discord.com/api/v10/webhooks/123/[redacted]/messages/@original',
    ],
    [
      'POST https://discord.com/api/v10/interactions/987/aW50ZXJhY3Rpb24/callback',
      'POST https://discord.com/api/v10/interactions/987/[redacted]/callback',
    ],
    ['Authorization: Bearer BQD-abc.def', 'Authorization: Bearer [redacted]'],
    ['Basic Y2xpZW50OnNlY3JldA==, then', 'Basic [redacted], then'],
    [
      'grant_type=refresh_token&refresh_token=AQA123&x=1',
      'grant_type=refresh_token&refresh_token=[redacted]&x=1',
    ],
    ['{"access_token":"BQD1","expires_in":3600}', '{"access_token":"[redacted]","expires_in":3600}'],
    ['/callback?code=abc123&state=s1', '/callback?code=[redacted]&state=[redacted]'],
    ['code_verifier=v3r1f13r&client_secret=s3cr3t', 'code_verifier=[redacted]&client_secret=[redacted]'],
    ['https://bot.example/link/Zm9vYmFyYmF6cXV4', 'https://bot.example/link/[redacted]'],
  ])('%s', (text, scrubbed) => {
    expect(withoutSecrets(text)).toBe(scrubbed);
  });

  it.each([
    // A header object as JSON: any scheme, the bot's own token too.
    [
      '{"headers":{"Authorization":"Bot MTIz.NDU2.Nzg5","accept":"*/*"}}',
      '{"headers":{"Authorization":"Bot [redacted]","accept":"*/*"}}',
    ],
    [
      '{"accessToken":"BQD1","refreshToken":"AQA2"}',
      '{"accessToken":"[redacted]","refreshToken":"[redacted]"}',
    ],
    // A response body quoted inside a JSON log line.
    [
      '{"msg":"token endpoint said {\\"refresh_token\\":\\"AQA2\\"}"}',
      '{"msg":"token endpoint said {\\"refresh_token\\":\\"[redacted]\\"}"}',
    ],
    // A stack in a JSON log line: the escaped newline ends the token.
    [
      '{"stack":"Error: PATCH /webhooks/1/tok3n\\n    at run (file.js:1:1)"}',
      '{"stack":"Error: PATCH /webhooks/1/[redacted]\\n    at run (file.js:1:1)"}',
    ],
  ])('in a JSON line: %s', (line, scrubbed) => {
    expect(withoutSecrets(line)).toBe(scrubbed);
    expect(() => JSON.parse(withoutSecrets(line))).not.toThrow();
  });

  it('keeps a message without secrets as it is', () => {
    const message = 'Unknown Webhook (10015) after 3 tries; status 404; code ECONNREFUSED; error_code=7';
    expect(withoutSecrets(message)).toBe(message);
  });
});
