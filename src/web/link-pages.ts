import type { LinkFailureKind } from '../services/account/link-account.service.js';

/** Static pages of the link flow. Nothing from the request appears in them. */
export interface LinkPage {
  status: number;
  html: string;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const page = (status: number, title: string, paragraphs: string[]): LinkPage => ({
  status,
  html: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Motherlist</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#222}h1{font-size:1.4rem}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</body>
</html>
`,
});

const RETRY = 'Run /link in Discord again to get a new link.';

/** The display name comes from Spotify's profile, not from the request, and is escaped. */
export const linkedPage = (displayName: string): LinkPage =>
  page(200, 'Spotify linked', [
    `Your Spotify account ${displayName} is now linked to Motherlist.`,
    'You can close this tab and go back to Discord.',
  ]);

const FAILURES: Record<Exclude<LinkFailureKind, 'spotify-limit'>, LinkPage> = {
  'unknown-link': page(404, 'Unknown link', [
    'This link is not one Motherlist handed out, or it was replaced by a newer one.',
    RETRY,
  ]),
  expired: page(410, 'This link has expired', [
    'Links work for 10 minutes: nothing was linked with this one, and a Spotify account linked before stays linked (/status in Discord shows it).',
    RETRY,
  ]),
  // A reload of the success page, the browser's back to it, or the Discord button pressed again.
  // The URL may have been shared, so the pages never name the Spotify account.
  'used-and-linked': page(200, 'Spotify linked', [
    'This link was already used, and the Discord account it was made for is linked to Spotify now.',
    'There is nothing more to do: you can close this tab and go back to Discord. /status in Discord shows which Spotify account is linked.',
  ]),
  'used-link-unchanged': page(410, 'This link was already used', [
    'It did not change the link: the Spotify account linked before it stays linked, and /status in Discord shows which.',
    'To link another Spotify account, run /link in Discord again to get a new link.',
  ]),
  'used-not-linked': page(410, 'This link was already used', [
    'No Spotify account is linked with it: the Discord account it was made for has no working Spotify link now.',
    RETRY,
  ]),
  denied: page(403, 'Spotify access was not granted', [
    'You declined the request on Spotify, so nothing was linked.',
    `${RETRY} Then choose Agree on Spotify's page.`,
  ]),
  'spotify-error': page(502, 'Spotify did not complete the link', [
    'Spotify refused or failed the request, so nothing was linked. This is often temporary.',
    RETRY,
  ]),
  'code-rejected': page(400, 'This approval was already used', [
    'Spotify refused the approval code: each code works once and only for a few minutes. Nothing was linked.',
    RETRY,
  ]),
  'not-allow-listed': page(403, 'This Spotify account is not allowed yet', [
    "Motherlist's Spotify app is in Development Mode: Spotify only lets accounts on its allow-list (at most 5) use it.",
    "Ask the bot's operator to add your Spotify account in the Spotify developer dashboard (Users Management), then run /link in Discord again.",
  ]),
  'linked-to-someone-else': page(409, 'This Spotify account is linked to someone else', [
    'Another Discord user of Motherlist has linked this Spotify account. They can free it with /unlink.',
    'Nothing was changed.',
  ]),
};

/**
 * Spotify's daily limit holds the bot's requests back (the link's code exchange is one): linking
 * again works only once it lifts, so the page says when, in UTC (a web page has no Discord timestamps).
 */
const limitPage = (until: Date | undefined): LinkPage =>
  page(503, "Spotify's daily limit for this bot is used up", [
    `Motherlist's requests to Spotify are held back${until ? ` until ${until.toUTCString()}` : ' for now'}: the daily quota Spotify gives the bot's developer account is used up, so nothing was linked.`,
    'Run /link in Discord again after that.',
  ]);

export const linkFailedPage = (kind: LinkFailureKind, until?: Date): LinkPage =>
  kind === 'spotify-limit' ? limitPage(until) : FAILURES[kind];

export const unexpectedErrorPage = (reference: string): LinkPage =>
  page(500, 'Something went wrong', [
    'Motherlist could not finish linking, and nothing was linked.',
    `${RETRY} If it keeps failing, tell the bot's operator this reference: ${reference}.`,
  ]);
