/**
 * Spotify's short share links (spotify.link/…, as the phone app's Share gives them) name a song or
 * a playlist only through a redirect to open.spotify.com, which the bot does not follow.
 */
export const isShortShareLink = (text: string): boolean => {
  let host: string;
  try {
    host = new URL(text.trim()).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'spotify.link' || host.endsWith('.spotify.link') || host === 'spotify.app.link';
};
