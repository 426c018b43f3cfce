/**
 * The Web API paths the client calls, as the OpenAPI file names them: metrics count requests per
 * template, never per raw path (a playlist id per series would grow without end).
 */
const TEMPLATES = [
  '/me',
  '/me/tracks',
  '/me/playlists',
  '/me/library',
  '/playlists/{playlist_id}',
  '/playlists/{playlist_id}/items',
] as const;

const PATTERNS = TEMPLATES.map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
}));

/** `/playlists/abc/items` → `/playlists/{playlist_id}/items`; a path the client does not call → `other`. */
export const endpointTemplateOf = (path: string): string =>
  PATTERNS.find(({ pattern }) => pattern.test(path))?.template ?? 'other';
