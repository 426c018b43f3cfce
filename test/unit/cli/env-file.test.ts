import { describe, expect, it } from 'vitest';
import { parseEnvText, withSettings } from '../../../src/cli/setup/env-file.js';

describe('withSettings (the .env the setup writes)', () => {
  it('replaces a key where it stands, drops its later repeats and appends the keys the text lacks', () => {
    const text = '# Discord\nDISCORD_TOKEN=old\nLOG_LEVEL=debug\nexport DISCORD_TOKEN=older\n\n';
    expect(withSettings(text, { DISCORD_TOKEN: 'a.b.c', PUBLIC_URL: 'https://bot.example.com' })).toBe(
      '# Discord\nDISCORD_TOKEN=a.b.c\nLOG_LEVEL=debug\nPUBLIC_URL=https://bot.example.com\n',
    );
  });

  it('quotes a value that a plain line would cut or change, so that it reads back the same', () => {
    const values = { A: 'with # hash', B: "it's", C: `both ' and "`, D: 'x=y:z/w' };
    const text = withSettings('', values);
    expect(text).toContain('D=x=y:z/w\n');
    expect(parseEnvText(text)).toEqual(values);
  });

  it('refuses a value on several lines', () => {
    expect(() => withSettings('', { A: 'one\ntwo' })).toThrow('several lines');
  });
});
