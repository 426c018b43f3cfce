import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import {
  ACCESS_TOKEN,
  CLIENT_SECRET,
  CODE,
  INTERACTION_TOKEN,
  LINK_ID,
  REFRESH_TOKEN,
  SECRETS,
  STATE,
} from '../support/secrets.js';

const written = () => {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => lines.push(line) });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
};

describe('the logger', () => {
  it('writes no token of a Discord REST error (URL, request body) and keeps what tells the failure apart', () => {
    const { logger, lines, parsed } = written();
    const url = `https://discord.com/api/v10/webhooks/1234/${INTERACTION_TOKEN}/messages/@original`;
    const error = new DiscordAPIError({ code: 10015, message: 'Unknown Webhook' }, 10015, 404, 'PATCH', url, {
      body: { content: `Link: https://bot.example/link/${LINK_ID}` },
    });
    logger.error({ err: error, referenceId: 'ab12cd34', where: '/train' }, 'interaction failed');

    for (const secret of SECRETS) expect(lines.join('')).not.toContain(secret);
    const [line] = parsed();
    expect(line).toMatchObject({
      msg: 'interaction failed',
      referenceId: 'ab12cd34',
      where: '/train',
      err: {
        type: 'DiscordAPIError',
        message: 'Unknown Webhook',
        code: 10015,
        status: 404,
        method: 'PATCH',
        url: 'https://discord.com/api/v10/webhooks/1234/[redacted]/messages/@original',
        // The body (here a link button's one-time URL) is written as its size only.
        requestBody: { json: expect.stringMatching(/^\[\d+ bytes\]$/) },
      },
    });
  });

  it("scrubs an error's causes, stack and fields, the message, and a child's bindings", () => {
    const { logger, lines, parsed } = written();
    const tokenRequest = new Error(
      `POST /api/token (grant_type=refresh_token&refresh_token=${REFRESH_TOKEN}&client_secret=${CLIENT_SECRET}) answered {"access_token":"${ACCESS_TOKEN}"}`,
    );
    const error = Object.assign(new Error('could not refresh the Spotify token', { cause: tokenRequest }), {
      headers: { Authorization: `Bearer ${ACCESS_TOKEN}` },
      tokens: { accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN },
    });
    const child = logger.child({
      callback: `https://bot.example/callback?code=${CODE}&state=${STATE}`,
      route: '/callback',
    });
    child.error({ err: error, reference: 'cd34ef56' }, 'Spotify link failed');
    child.warn(`GET /callback?code=${CODE}&state=${STATE} answered 500`);
    child.error(tokenRequest);

    for (const secret of SECRETS) expect(lines.join('')).not.toContain(secret);
    const [failed, warned, bare] = parsed();
    expect(failed).toMatchObject({
      route: '/callback',
      reference: 'cd34ef56',
      msg: 'Spotify link failed',
      err: { headers: { Authorization: 'Bearer [redacted]' } },
    });
    expect(String((failed?.err as { stack: string }).stack)).toContain('caused by: Error: POST /api/token');
    expect(warned?.msg).toBe('GET /callback?code=[redacted]&state=[redacted] answered 500');
    expect(bare?.msg).toContain('refresh_token=[redacted]');
  });

  it('writes a byte array anywhere in a line (a field, an error, a child binding) as its length', () => {
    const { logger, lines, parsed } = written();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...new Array<number>(96).fill(7)]);
    const error = new DiscordAPIError(
      { code: 50035, message: 'Invalid Form Body' },
      50035,
      400,
      'POST',
      '/x',
      {
        files: [{ name: 'sort-summary.png', data: png }],
        body: { content: 'summary' },
      },
    );
    const at = new Date('2026-12-07T00:00:00Z');
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    logger.child({ upload: new Uint8Array(12) }).warn(
      {
        err: error,
        chart: { png, at },
        parts: [new ArrayBuffer(5), 'kept'],
        cause: Object.assign(new Error('x'), { body: png }),
        circular,
      },
      'DM failed',
    );

    expect(lines.join('')).not.toMatch(/137,80,78,71|"0":137/);
    const [line] = parsed();
    expect(line).toMatchObject({
      upload: '[12 bytes]',
      chart: { png: '[100 bytes]', at: '2026-12-07T00:00:00.000Z' },
      parts: ['[5 bytes]', 'kept'],
      cause: { body: '[100 bytes]' },
      circular: { name: 'loop' },
      err: {
        type: 'DiscordAPIError',
        message: 'Invalid Form Body',
        code: 50035,
        requestBody: { files: ['[100 bytes]'], json: '[21 bytes]' },
      },
    });
    // The error itself is left as it was.
    expect(error.requestBody.files?.[0]?.data).toBe(png);
  });

  it("writes a Discord request's body as its size, never its content (a person's library), wherever the error is", () => {
    const { logger, lines, parsed } = written();
    const library = {
      content: 'Moved “Quiet Storm Song” to Late Night Drives',
      embeds: [{ title: 'Genres' }],
    };
    const refused = () =>
      new DiscordAPIError(
        {
          code: 50035,
          message: 'Invalid Form Body',
          errors: {
            content: {
              _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }],
            },
          },
        },
        50035,
        400,
        'PATCH',
        'https://discord.com/api/v10/webhooks/1/x/messages/@original',
        { body: library, files: [{ name: 'Late Night Drives.png', data: 'abc' }] },
      );
    const wrapped = Object.assign(new Error('summary not sent'), { discord: refused() });
    logger.error({ err: refused(), referenceId: 'ab12cd34' }, 'interaction failed');
    logger.warn({ err: wrapped, error: refused(), nested: { at: [refused()] } }, 'DM failed');

    const text = lines.join('');
    for (const name of ['Quiet Storm', 'Late Night Drives', 'Genres']) expect(text).not.toContain(name);
    const [failed, warned] = parsed();
    const json = `[${Buffer.byteLength(JSON.stringify(library))} bytes]`;
    expect(failed).toMatchObject({
      referenceId: 'ab12cd34',
      err: {
        type: 'DiscordAPIError',
        message: 'Invalid Form Body\ncontent[BASE_TYPE_MAX_LENGTH]: Must be 2000 or fewer in length.',
        code: 50035,
        status: 400,
        method: 'PATCH',
        url: 'https://discord.com/api/v10/webhooks/1/[redacted]/messages/@original',
        requestBody: { json, files: ['[3 bytes]'] },
      },
    });
    expect(warned).toMatchObject({
      err: { discord: { requestBody: { json } } },
      error: { requestBody: { json } },
      nested: { at: [{ requestBody: { json } }] },
    });
  });
});
