import { describe, expect, it } from 'vitest';
import { buildCommandRegistry, loadCommands } from '../../../src/bot/command-registry.js';
import { customId, parseCustomId, compactUuid, expandUuid } from '../../../src/bot/custom-id.js';
import type { SlashCommand } from '../../../src/bot/slash-command.js';

const command = (name: string): SlashCommand => ({
  data: { name, description: name },
  execute: async () => {},
});

describe('command registry', () => {
  it('loads one command per file of src/bot/commands', async () => {
    const registry = await loadCommands();
    expect([...registry.keys()].sort()).toEqual([
      'help',
      'import',
      'label',
      'layer',
      'link',
      'settings',
      'sort',
      'status',
      'sublist',
      'train',
      'undo',
      'unlink',
      'why',
    ]);
  });

  it('refuses two commands with one name', () => {
    expect(() => buildCommandRegistry([command('sort'), command('label'), command('sort')])).toThrow(
      'Two slash commands are named /sort',
    );
  });
});

describe('custom ids', () => {
  it('round-trips, carries the version and refuses more than 100 characters', () => {
    const id = customId(
      'lb',
      compactUuid('0a1b2c3d-0000-4000-8000-000000000001'),
      '4uLU6hMCjMI75M1A2tKUQC',
      's0a1b2c3d000040008000000000000002',
    );
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(id)).toEqual({
      ok: true,
      id: {
        kind: 'lb',
        args: [
          '0a1b2c3d000040008000000000000001',
          '4uLU6hMCjMI75M1A2tKUQC',
          's0a1b2c3d000040008000000000000002',
        ],
      },
    });
    expect(parseCustomId('ml0:lb:x')).toEqual({ ok: false, reason: 'old-version' });
    expect(parseCustomId('something-else')).toEqual({ ok: false, reason: 'foreign' });
    expect(() => customId('lb', 'x'.repeat(100))).toThrow('do not fit kind lb');
    expect(expandUuid(compactUuid('0a1b2c3d-0000-4000-8000-000000000001'))).toBe(
      '0a1b2c3d-0000-4000-8000-000000000001',
    );
    expect(expandUuid('not-a-uuid')).toBeUndefined();
  });

  it('refuses ids with extra or missing parts and arguments of the wrong format', () => {
    const session = '0a1b2c3d000040008000000000000001';
    const track = '4uLU6hMCjMI75M1A2tKUQC';
    const sublist = 's0a1b2c3d000040008000000000000002';
    const malformed = { ok: false, reason: 'malformed' };
    expect(parseCustomId(`ml1:lb:${session}:${track}:${sublist}`).ok).toBe(true);
    expect(parseCustomId(`ml1:lb:${session}:${track}:${sublist}:x`)).toEqual(malformed);
    expect(parseCustomId(`ml1:lb:${session}:${track}`)).toEqual(malformed);
    expect(parseCustomId(`ml1:lb:${session}:${track}:q`)).toEqual(malformed);
    expect(parseCustomId(`ml1:lb:${session.toUpperCase()}:${track}:k`)).toEqual(malformed);
    expect(parseCustomId(`ml1:lb:${session}:not-a-track:k`)).toEqual(malformed);
    expect(parseCustomId(`ml1:ul:123:y`)).toEqual(malformed);
    expect(parseCustomId(`ml1:ul:123456789012345678:maybe`)).toEqual(malformed);
    expect(parseCustomId(`ml1:ul:123456789012345678:y`).ok).toBe(true);
    expect(parseCustomId(`ml1:mv:${session}:${track}`).ok).toBe(true);
    expect(parseCustomId(`ml1:mv:${session}:${track}:l`).ok).toBe(true);
    expect(parseCustomId(`ml1:mv:${session}:${track}:x`)).toEqual(malformed);
    expect(parseCustomId(`ml1:su:${session}:`)).toEqual(malformed);
    expect(parseCustomId(`ml1:zz:${session}`)).toEqual(malformed);
    expect(parseCustomId(`ml1:toString`)).toEqual(malformed);
    expect(() => customId('su', session, 'extra')).toThrow('do not fit kind su');
  });
});
