import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinkWebApp, type LinkWebApp } from '../../support/spotify/link-web-app.js';

/** Issue 24 item 10: security headers on every route; a used code is a clear 400, not a 502. */
describe('the web app’s security headers and the OAuth callback’s refusals', () => {
  let app: LinkWebApp;
  beforeAll(async () => {
    app = await startLinkWebApp();
    app.harness.fake.addUser({ id: 'ann', displayName: 'ANN' });
    app.harness.fake.addUser({ id: 'bob', displayName: 'BOB' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string) => fetch(`${app.publicUrl}${path}`, { redirect: 'manual' });

  /** /link/<id> → Spotify's authorize page → approved: the callback URL Spotify redirects to. */
  const approvedCallback = async (discordUserId: string, spotifyUserId: string) => {
    const linkUrl = await app.service.createLinkUrl(discordUserId);
    const redirect = await fetch(linkUrl, { redirect: 'manual' });
    return new URL(
      await app.harness.fake.completeAuthorization(redirect.headers.get('location') ?? '', {
        userId: spotifyUserId,
      }),
    );
  };

  it.each([
    ['/healthz', 200],
    ['/nowhere', 404],
    ['/link/unknown-link-id', 404],
    ['/callback?state=nope&code=nope', 404],
    // A path Express cannot decode goes through the error handler.
    ['/link/%E0%A4%A', 400],
  ])('%s answers %i with the headers', async (path, status) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(await response.text()).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('answers a code Spotify already redeemed with 400 and a clear page, and links nothing', async () => {
    const first = await approvedCallback('d-ann', 'ann');
    expect((await get(`${first.pathname}${first.search}`)).status).toBe(200);
    // A fresh state of another person with the code of the first: Spotify answers invalid_grant.
    const second = await approvedCallback('d-bob', 'bob');
    second.searchParams.set('code', first.searchParams.get('code') ?? '');
    const page = await get(`${second.pathname}${second.search}`);
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
    const text = await page.text();
    expect(text).toContain('This approval was already used');
    expect(text).toContain('Nothing was linked');
    expect(await app.harness.accounts.byUserId('d-bob')).toBeUndefined();
  });
});
