/** Send Messages, Embed Links, Attach Files, Use Application Commands. */
const BOT_PERMISSIONS = '2147534848';

const authorizeUrl = (parameters: Record<string, string>): string => {
  const url = new URL('https://discord.com/oauth2/authorize');
  url.search = new URLSearchParams(parameters).toString();
  return url.href.replace(/\+/g, '%20');
};

/** The link that adds the bot and its slash commands to a server. */
export const inviteUrl = (applicationId: string): string =>
  authorizeUrl({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: BOT_PERMISSIONS,
  });

/** The link that adds the app to a person's own account, for its commands in the DM with the bot. */
export const userInstallUrl = (applicationId: string): string =>
  authorizeUrl({ client_id: applicationId, integration_type: '1', scope: 'applications.commands' });
