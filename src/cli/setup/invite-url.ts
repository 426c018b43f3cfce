/** Send Messages, Embed Links, Attach Files, Use Application Commands. */
const BOT_PERMISSIONS = '2147534848';

/** The link that adds the bot and its slash commands to a server. */
export const inviteUrl = (applicationId: string): string => {
  const url = new URL('https://discord.com/oauth2/authorize');
  url.search = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: BOT_PERMISSIONS,
  }).toString();
  return url.href.replace(/\+/g, '%20');
};
