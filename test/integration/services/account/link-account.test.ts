import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_LIFETIME_MS } from '../../../../src/services/account/link-account.service.js';
import { startLinkWebApp, type LinkWebApp } from '../../../support/spotify/link-web-app.js';

describe('linking a Spotify account over HTTP (link service + routes + fake Spotify)', () => {
  let app: LinkWebApp;
  beforeAll(async () => {
    app = await startLinkWebApp();
    const { fake } = app.harness;
    for (const id of ['ann', 'bob', 'cat', 'dan', 'eve'])
      fake.addUser({ id, displayName: id.toUpperCase(), accountId: `acct-${id}` });
  });
  afterAll(async () => {
    expect(app.harness.fake.specViolations).toEqual([]);
    expect(app.harness.fake.deprecatedCalls).toEqual([]);
    await app?.close();
  });

  const get = (url: string) => fetch(url, { redirect: 'manual' });

  /** /link/<id> → Spotify authorize → decision → the callback URL Spotify sends the browser to. */
  const throughSpotify = async (
    linkUrl: string,
    spotifyUserId: string,
    decision: 'approve' | 'deny' = 'approve',
  ) => {
    const redirect = await get(linkUrl);
    expect(redirect.status).toBe(302);
    return app.harness.fake.completeAuthorization(redirect.headers.get('location')!, {
      userId: spotifyUserId,
      decision,
    });
  };

  const accountOf = (discordUserId: string) => app.harness.accounts.byUserId(discordUserId);

  it('links: one-time URL, authorize with state and PKCE S256, callback, encrypted tokens, notification', async () => {
    const linkUrl = await app.service.createLinkUrl('d-ann');
    expect(linkUrl).toMatch(new RegExp(`^${app.publicUrl}/link/[A-Za-z0-9_-]{20,}$`));

    const redirect = await get(linkUrl);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    const authorize = new URL(redirect.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${app.harness.fake.accountsUrl}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.publicUrl}/callback`);
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['user-library-read', 'playlist-modify-private', 'playlist-read-collaborative']),
    );

    const callback = await app.harness.fake.completeAuthorization(authorize.toString(), { userId: 'ann' });
    const page = await get(callback);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('Your Spotify account ANN is now linked');
    expect(app.linked).toContainEqual({ discordUserId: 'd-ann', displayName: 'ANN' });

    const account = await accountOf('d-ann');
    expect(account).toMatchObject({
      spotifyUserId: 'ann',
      accountId: 'acct-ann',
      displayName: 'ANN',
      status: 'active',
    });
    const access = app.harness.cipher.decrypt(account!.accessTokenCiphertext);
    expect(account!.accessTokenCiphertext).not.toContain(access);
    const token = app.harness.fake.tokenRequests.find(
      (r) => r.grantType === 'authorization_code' && r.status === 200,
    );
    expect(token).toMatchObject({ clientAuth: 'basic' });
    await expect((await app.harness.sessions.spotifyFor('d-ann')).me()).resolves.toMatchObject({ id: 'ann' });

    // Single use: the same callback again (a reload, the browser's back) and the link URL again (the
    // Discord button pressed twice) link nothing more, and say plainly that the link is made,
    // without naming the account to whoever else has the URL.
    for (const again of [callback, linkUrl]) {
      const page = await get(again);
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain('<h1>Spotify linked</h1>');
      expect(text).toContain('This link was already used, and the Discord account it was made for is linked');
      expect(text).not.toContain('ANN');
      expect(text).not.toMatch(/Run \/link in Discord again/i);
    }
    expect(app.linked.filter((linked) => linked.discordUserId === 'd-ann')).toHaveLength(1);
  });

  it('says a used link linked nothing, or left the earlier link as it was, also once the link expired', async () => {
    app.harness.fake.addUser({ id: 'hal', displayName: 'HAL' });
    const paragraphs = async (url: string) => {
      const page = await get(url);
      return { status: page.status, text: await page.text() };
    };
    // Declined on Spotify: the link is used and the person has no link.
    const declinedUrl = await app.service.createLinkUrl('d-hal');
    const declined = await throughSpotify(declinedUrl, 'hal', 'deny');
    expect((await get(declined)).status).toBe(403);
    for (const again of [declined, declinedUrl]) {
      const page = await paragraphs(again);
      expect(page.status).toBe(410);
      expect(page.text).toContain('No Spotify account is linked with it');
      expect(page.text).toContain('Run /link in Discord again');
    }

    // Linked with a first link; a second one declined on Spotify changed nothing.
    await get(await throughSpotify(await app.service.createLinkUrl('d-hal'), 'hal'));
    const secondUrl = await app.service.createLinkUrl('d-hal');
    const second = await throughSpotify(secondUrl, 'hal', 'deny');
    await get(second);
    for (const again of [second, secondUrl]) {
      const page = await paragraphs(again);
      expect(page.status).toBe(410);
      expect(page.text).toContain(
        'It did not change the link: the Spotify account linked before it stays linked',
      );
      expect(page.text).not.toContain('HAL');
    }

    // Past its 10 minutes, a used link still says what became of it rather than “expired”.
    const thirdUrl = await app.service.createLinkUrl('d-hal');
    const third = await throughSpotify(thirdUrl, 'hal');
    expect((await get(third)).status).toBe(200);
    app.advance(LINK_LIFETIME_MS + 1_000);
    try {
      for (const again of [third, thirdUrl]) {
        const page = await paragraphs(again);
        expect(page.status).toBe(200);
        expect(page.text).toContain('is linked to Spotify now');
      }
      // Once the link is dead (Spotify refused its refresh token), the used link says so.
      await app.harness.accounts.markExpired('d-hal');
      const page = await paragraphs(thirdUrl);
      expect(page.status).toBe(410);
      expect(page.text).toContain('no working Spotify link now');
    } finally {
      app.advance(-(LINK_LIFETIME_MS + 1_000));
    }
  });

  it('shows the denial and stores nothing when the person declines on Spotify', async () => {
    const callback = await throughSpotify(await app.service.createLinkUrl('d-bob'), 'bob', 'deny');
    const page = await get(callback);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('not granted');
    expect(await accountOf('d-bob')).toBeUndefined();
  });

  it('refuses an expired link, both before and after Spotify', async () => {
    const linkUrl = await app.service.createLinkUrl('d-cat');
    const redirect = await get(linkUrl);
    app.advance(LINK_LIFETIME_MS + 1_000);
    try {
      const unused = await get(linkUrl);
      expect(unused.status).toBe(410);
      expect(await unused.text()).toContain('nothing was linked with this one');
      const callback = await app.harness.fake.completeAuthorization(redirect.headers.get('location')!, {
        userId: 'cat',
      });
      const page = await get(callback);
      expect(page.status).toBe(410);
      expect(await page.text()).toContain('expired');
      expect(await accountOf('d-cat')).toBeUndefined();
    } finally {
      app.advance(-(LINK_LIFETIME_MS + 1_000));
    }
  });

  it('answers unknown links and states with fixed pages that reflect none of the input', async () => {
    const probe = '<script>alert(1)</script>';
    const unknownLink = await get(`${app.publicUrl}/link/${encodeURIComponent(probe)}`);
    expect(unknownLink.status).toBe(404);
    const callback = await get(
      `${app.publicUrl}/callback?state=${encodeURIComponent(probe)}&code=${encodeURIComponent(probe)}&error=${encodeURIComponent(probe)}`,
    );
    expect(callback.status).toBe(404);
    const text = await callback.text();
    expect(text).not.toContain('alert(1)');
    expect(text).not.toContain('script');
    expect((await get(`${app.publicUrl}/callback`)).status).toBe(404);
  });

  it('leaves nothing half-linked when Spotify fails the token exchange', async () => {
    const fault = app.harness.fake.faults.add({ path: '/api/token', status: 500, times: 1 });
    const callback = await throughSpotify(await app.service.createLinkUrl('d-dan'), 'dan');
    const page = await get(callback);
    expect(fault.fired).toBe(1);
    expect(page.status).toBe(502);
    expect(await page.text()).toContain('nothing was linked');
    expect(await accountOf('d-dan')).toBeUndefined();
    expect(
      await app.harness.database.dataSource.query('select * from users where id = $1', ['d-dan']),
    ).toEqual([]);
  });

  it('re-linking replaces the tokens, and the link still stands when the notification fails', async () => {
    await get(await throughSpotify(await app.service.createLinkUrl('d-eve'), 'eve'));
    const first = await accountOf('d-eve');
    app.failNotifications(true);
    try {
      const page = await get(await throughSpotify(await app.service.createLinkUrl('d-eve'), 'eve'));
      expect(page.status).toBe(200);
    } finally {
      app.failNotifications(false);
    }
    const second = await accountOf('d-eve');
    expect(second?.status).toBe('active');
    expect(app.harness.cipher.decrypt(second!.refreshTokenCiphertext)).not.toBe(
      app.harness.cipher.decrypt(first!.refreshTokenCiphertext),
    );
    const rows = await app.harness.database.dataSource.query(
      'select user_id from spotify_accounts where spotify_user_id = $1',
      ['eve'],
    );
    expect(rows).toEqual([{ user_id: 'd-eve' }]);
  });

  it('refuses to link a Spotify account that another Discord user holds', async () => {
    const page = await get(await throughSpotify(await app.service.createLinkUrl('d-mallory'), 'ann'));
    expect(page.status).toBe(409);
    expect(await accountOf('d-mallory')).toBeUndefined();
    expect((await accountOf('d-ann'))?.spotifyUserId).toBe('ann');
  });

  it('links a Spotify account to one of two Discord users finishing its approval at the same moment', async () => {
    app.harness.fake.addUser({ id: 'fay', displayName: 'FAY', accountId: 'acct-fay' });
    const racers = ['d-fay', 'd-fay-twin'];
    const callbacks = await Promise.all(
      racers.map(async (discordUserId) =>
        throughSpotify(await app.service.createLinkUrl(discordUserId), 'fay'),
      ),
    );
    app.raceHolderChecks(racers.length);
    const pages = await Promise.all(
      callbacks.map(async (callback) => {
        const page = await get(callback);
        return { status: page.status, text: await page.text() };
      }),
    );
    expect(pages.map((page) => page.status).sort()).toEqual([200, 409]);
    const winner = racers[pages.findIndex((page) => page.status === 200)]!;
    const loser = racers.find((racer) => racer !== winner)!;
    expect(pages.find((page) => page.status === 409)?.text).toContain('linked to someone else');
    expect(await accountOf(loser)).toBeUndefined();
    expect(await app.harness.accounts.linkedUserOf('fay', 'acct-fay')).toBe(winner);
    expect(app.linked.filter((linked) => linked.displayName === 'FAY')).toEqual([
      { discordUserId: winner, displayName: 'FAY' },
    ]);
    expect(app.errors).toEqual([]);
  });

  it('explains the Development Mode allow-list when Spotify refuses the account', async () => {
    app.harness.fake.setAllowList(['ann', 'bob', 'cat', 'dan', 'eve']);
    try {
      app.harness.fake.addUser({ id: 'outsider' });
      const page = await get(await throughSpotify(await app.service.createLinkUrl('d-outsider'), 'outsider'));
      expect(page.status).toBe(403);
      expect(await page.text()).toContain('allow-list');
      expect(await accountOf('d-outsider')).toBeUndefined();
    } finally {
      app.harness.fake.setAllowList(null);
    }
  });

  it('says Spotify’s daily limit stopped the link, and until when, while the bot’s requests are held back', async () => {
    app.harness.fake.addUser({ id: 'gus' });
    const until = await app.harness.budget.quotaExceeded(3 * 3_600_000);
    try {
      const page = await get(await throughSpotify(await app.service.createLinkUrl('d-gus'), 'gus'));
      expect(page.status).toBe(503);
      const text = await page.text();
      expect(text).toContain('daily limit');
      expect(text).toContain(new Date(until).toUTCString());
      expect(text).toContain('nothing was linked');
      expect(text).not.toContain('often temporary');
      expect(await accountOf('d-gus')).toBeUndefined();
    } finally {
      await app.harness.database.dataSource.query('delete from spotify_quota');
    }
  });

  it('keeps only the newest link of a user', async () => {
    const older = await app.service.createLinkUrl('d-zed');
    const newer = await app.service.createLinkUrl('d-zed');
    expect((await get(older)).status).toBe(404);
    expect((await get(newer)).status).toBe(302);
  });
});
