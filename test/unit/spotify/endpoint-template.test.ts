import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpointTemplateOf } from '../../../src/spotify/endpoint-template.js';

const spec = readFileSync(
  join(import.meta.dirname, '../../fixtures/specs/spotify-web-api.openapi.yml'),
  'utf8',
);

describe('endpointTemplateOf', () => {
  it.each([
    ['/me', '/me'],
    ['/me/tracks', '/me/tracks'],
    ['/me/playlists', '/me/playlists'],
    ['/me/library', '/me/library'],
    ['/playlists/3cEYpjA9oz9GiPac4AsH4n', '/playlists/{playlist_id}'],
    ['/playlists/3cEYpjA9oz9GiPac4AsH4n/items', '/playlists/{playlist_id}/items'],
  ])('names %s by the OpenAPI template %s, a path of the spec', (path, template) => {
    expect(endpointTemplateOf(path)).toBe(template);
    expect(spec).toContain(`\n  ${template}:\n`);
  });

  it('names paths the client does not call "other", never by their ids', () => {
    expect(endpointTemplateOf('/users/alice/playlists')).toBe('other');
    expect(endpointTemplateOf('/playlists/abc/items/extra')).toBe('other');
  });
});
