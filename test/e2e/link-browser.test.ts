import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLinkWebApp, type LinkWebApp } from '../support/spotify/link-web-app.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `link-browser test skipped: ${CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)`,
  );
}

/** Every row of every table of the public schema, as text. */
const dumpDatabase = async (app: LinkWebApp): Promise<string> => {
  const { dataSource } = app.harness.database;
  const tables: { table_name: string }[] = await dataSource.query(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows: unknown[] = await dataSource.query(`select * from "${table_name}"`);
    parts.push(`${table_name}\n${rows.map((row) => JSON.stringify(row)).join('\n')}`);
  }
  return parts.join('\n\n');
};

describe.skipIf(!hasChromium)('linking in a real browser (Debian Chromium, needs /usr/bin/chromium)', () => {
  let app: LinkWebApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startLinkWebApp();
    app.harness.fake.addUser({ id: 'someone', displayName: 'Someone Else' });
    app.harness.fake.addUser({ id: 'wren', displayName: 'Wren', accountId: 'acct-wren' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('opens the link, approves on Spotify, lands on the success page, and stores no plaintext token', async () => {
    const linkUrl = await app.service.createLinkUrl('discord-wren');
    const page = await browser.newPage();
    await page.goto(linkUrl);
    expect(page.url().startsWith(`${app.harness.fake.accountsUrl}/authorize`)).toBe(true);
    await page.selectOption('#user', 'wren');
    await Promise.all([page.waitForURL(`${app.publicUrl}/callback?**`), page.click('#approve')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Spotify linked');
    await expect(page.locator('body').textContent()).resolves.toContain(
      'Your Spotify account Wren is now linked',
    );
    expect(app.linked).toContainEqual({ discordUserId: 'discord-wren', displayName: 'Wren' });

    const account = await app.harness.accounts.byUserId('discord-wren');
    expect(account).toMatchObject({ spotifyUserId: 'wren', accountId: 'acct-wren', status: 'active' });
    const accessToken = app.harness.cipher.decrypt(account!.accessTokenCiphertext);
    const refreshToken = app.harness.cipher.decrypt(account!.refreshTokenCiphertext);
    expect(accessToken.length).toBeGreaterThan(16);
    expect(refreshToken.length).toBeGreaterThan(16);

    const dump = await dumpDatabase(app);
    expect(dump).toContain('acct-wren');
    expect(dump).not.toContain(accessToken);
    expect(dump).not.toContain(refreshToken);
    await page.close();
  });

  it('reloaded, gone back to, or opened again after linking, the page says the account is linked without naming it', async () => {
    const linkUrl = await app.service.createLinkUrl('discord-someone');
    const page = await browser.newPage();
    await page.goto(linkUrl);
    await page.selectOption('#user', 'someone');
    await Promise.all([page.waitForURL(`${app.publicUrl}/callback?**`), page.click('#approve')]);
    await expect(page.locator('body').textContent()).resolves.toContain('Someone Else is now linked');

    const saysLinked = async () => {
      await expect(page.locator('h1').textContent()).resolves.toBe('Spotify linked');
      const text = await page.locator('body').textContent();
      expect(text).toContain('This link was already used, and the Discord account it was made for is linked');
      expect(text).toContain('you can close this tab');
      expect(text).not.toContain('Someone Else');
    };
    await page.reload();
    await saysLinked();
    // Back to the link, then forward to the callback again: both answer from the server (no-store).
    await page.goBack();
    await page.goForward();
    await saysLinked();
    await page.goto(linkUrl);
    await saysLinked();
    expect(app.linked.filter((linked) => linked.discordUserId === 'discord-someone')).toHaveLength(1);
    await page.close();
  });
});
