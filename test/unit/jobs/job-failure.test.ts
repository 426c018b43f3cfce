import { describe, expect, it } from 'vitest';
import { withoutSecrets } from '../../../src/jobs/job-failure.js';

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
    ['/callback?code=abc123&state=s1', '/callback?code=[redacted]&state=s1'],
    ['code_verifier=v3r1f13r&client_secret=s3cr3t', 'code_verifier=[redacted]&client_secret=[redacted]'],
  ])('%s', (text, scrubbed) => {
    expect(withoutSecrets(text)).toBe(scrubbed);
  });

  it('keeps a message without secrets as it is', () => {
    const message = 'Unknown Webhook (10015) after 3 tries; status 404';
    expect(withoutSecrets(message)).toBe(message);
  });
});
