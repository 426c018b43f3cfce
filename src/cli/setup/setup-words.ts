import { WHERE_TO_GET } from '../../config.js';

export interface Question {
  /** The .env key it fills, or a name for a value that is only checked. */
  key: string;
  label: string;
  where: string;
  secret: boolean;
}

export const QUESTIONS = {
  token: {
    key: 'DISCORD_TOKEN',
    label: 'Discord bot token',
    where: WHERE_TO_GET.DISCORD_TOKEN ?? '',
    secret: true,
  },
  applicationId: {
    key: 'application ID',
    label: 'Discord application ID',
    where: 'Discord developer portal → your application → General Information → Application ID',
    secret: false,
  },
  clientId: {
    key: 'SPOTIFY_CLIENT_ID',
    label: 'Spotify client ID',
    where: WHERE_TO_GET.SPOTIFY_CLIENT_ID ?? '',
    secret: false,
  },
  clientSecret: {
    key: 'SPOTIFY_CLIENT_SECRET',
    label: 'Spotify client secret',
    where: WHERE_TO_GET.SPOTIFY_CLIENT_SECRET ?? '',
    secret: true,
  },
  publicUrl: {
    key: 'PUBLIC_URL',
    label: 'Public address of this server (PUBLIC_URL)',
    where: 'HTTPS, or a loopback IP such as http://127.0.0.1:3000 on one machine; never "localhost"',
    secret: false,
  },
} satisfies Record<string, Question>;

export const INTRO = [
  'Motherlist setup: the Discord application and the Spotify app, each value checked with',
  'Discord and Spotify as you give it. Secrets are not shown while you type. Enter keeps the',
  'value in [brackets] or the one already set.',
];

export const SAY = {
  notABotToken:
    'That is not a bot token: a bot token has three parts separated by dots (the OAuth2 client secret is not it). Reset it under Bot and paste the new one.',
  wrongToken: 'Discord refused this token. Reset it (Bot → Reset Token) and paste the new one.',
  discordUnreachable: (url: string, detail: string) =>
    `Discord did not answer at ${url} (${detail}). Check the connection and run the setup again.`,
  tokenOf: (name: string, botName: string) => `The token is the bot ${botName} of the application "${name}".`,
  otherApplication: (name: string, id: string, given: string) =>
    `This token belongs to the application "${name}" (${id}), not to ${given}. Give the ID and the token of the same application.`,
  codeGrant:
    'The application requires the OAuth2 code grant, so the invite link below will fail: turn off "Requires OAuth2 Code Grant" under Bot.',
  wrongClientId:
    'Spotify knows no app with this client ID. Copy it from the dashboard (your app → Settings).',
  wrongClientSecret:
    'Spotify refused this client secret. Copy it again (your app → Settings → View client secret).',
  spotifyRefused: (detail: string) => `Spotify refused the credentials: ${detail}`,
  spotifyUnreachable: (url: string) =>
    `Spotify did not answer at ${url}. Check the connection and run the setup again.`,
  credentialsOk: 'Spotify accepted the client ID and secret.',
  developmentMode:
    'A new Spotify app is in Development Mode: add every person who will link (at most 5) under User Management, by e-mail.',
  registerRedirect: (uri: string) =>
    `Redirect URI to register (your app → Settings → Redirect URIs → Add, then Save):\n  ${uri}`,
  pressEnterWhenRegistered: 'Press Enter once it is saved. ',
  unregisteredRedirect: (uri: string) =>
    `Spotify does not accept ${uri} for this app yet: add it exactly so and press Save, or give another address.`,
  redirectOk: 'Spotify accepts the redirect URI.',
  badValue: (key: string, problems: string[]) => `${key} ${problems.join('; ')}`,
  missing: (question: Question) =>
    `${question.label} is missing: pass it (see npm run setup -- --help) or set ${question.key} in the environment or .env.`,
  wrote: (path: string, keys: string[]) =>
    `Wrote ${path} (readable by you only): ${keys.join(', ')}; its other settings are kept.`,
  environmentWins: (key: string) =>
    `${key} is also set in the environment, which wins over .env: unset it, or the bot keeps using that value.`,
  configProblems: (message: string) => `${message}\nThe .env is written; fix these and run the setup again.`,
  invite: (server: string, user: string) =>
    `Invite the bot to a server with:\n  ${server}\nor, after ticking User Install under Installation, add it to your own account (its commands in the DM with the bot) with:\n  ${user}`,
  pressEnterWhenInvited: (guildId: string) =>
    `DISCORD_DEV_GUILD_ID is set: invite the bot to the server ${guildId} with the first link, then press Enter. `,
  registered: (count: number, where: string) => `Registered ${count} slash commands ${where}.`,
  registrationFailed: (detail: string) =>
    `Registering the slash commands failed (${detail}). The .env is written: run npm run deploy-commands once it is fixed.`,
  done: 'Done. Start the bot with: npm start',
};
