import { ButtonStyle, ComponentType, DiscordAPIError, type Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startFakeDiscord, UPLOAD_LIMITS, type FakeDiscord } from './index.js';
import { TestHandlers } from './test-handlers.js';

/** The first bytes of a 3 × 2 PNG: enough for the fake to read its size. */
const png = (): Buffer => {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(3, 16);
  header.writeUInt32BE(2, 20);
  return header;
};

/** The Discord error code a promise rejects with, or 'ok'. */
async function outcome(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof DiscordAPIError) return Number(error.code);
    throw error;
  }
}

describe('fake Discord: file uploads (multipart/form-data)', () => {
  let fake: FakeDiscord;
  let client: Client<true>;
  let handlers: TestHandlers;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = await connectClient(fake);
    handlers = new TestHandlers(client);
    await client.application.commands.set(
      ['reply', 'deferred', 'dm', 'badref'].map((name) => ({ name, description: name })),
      fake.guild.id,
    );
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('stores the files of a reply with their name, type and bytes; an edit without files keeps them', async () => {
    handlers.on('reply', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({
        content: 'two files',
        files: [
          { attachment: png(), name: 'chart.png', description: 'a chart' },
          { attachment: Buffer.from('hello'), name: 'notes.txt' },
        ],
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              { type: ComponentType.Button, custom_id: 'x', label: 'X', style: ButtonStyle.Primary },
            ],
          },
        ],
      });
      await i.editReply({ content: 'edited', components: [] });
    });
    const reply = await fake
      .runSlashCommand({ user: fake.user('alice'), name: 'reply' })
      .waitForReply((r) => r.content === 'edited');
    const id = reply?.message.id ?? '';
    const attachments = fake.attachments(id);
    expect(attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ['chart.png', 'image/png', 33],
      ['notes.txt', 'application/octet-stream', 5], // discord.js sniffs magic bytes; text has none
    ]);
    expect(attachments[0]?.data.equals(png())).toBe(true);
    expect(attachments[1]?.data.toString()).toBe('hello');
    const message = fake.message(id);
    expect(message.content).toBe('edited');
    expect(message.attachments.map((a) => a.filename)).toEqual(['chart.png', 'notes.txt']);
    expect(message.attachments[0]).toMatchObject({ description: 'a chart', width: 3, height: 2 });
    const callback = fake.requestsTo('POST', '/interactions/:interactionId/:token/callback').at(-1);
    expect(callback?.files.map((f) => f.field)).toEqual(['files[0]', 'files[1]']);
    fake.assertNoViolations();
  });

  it('takes files on a deferred reply’s edit and a followup, with an embed image on attachment://', async () => {
    handlers.on('deferred', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({
        embeds: [{ title: 'Sorted', image: { url: 'attachment://summary.png' } }],
        files: [{ attachment: png(), name: 'summary.png' }],
      });
      await i.followUp({ files: [{ attachment: Buffer.from('a,b'), name: 'plan.csv' }] });
      // Replacing the attachments: the new file only.
      await i.editReply({ embeds: [], files: [{ attachment: png(), name: 'other.png' }], attachments: [] });
    });
    const handle = fake.runSlashCommand({ user: fake.user('alice'), name: 'deferred' });
    await handle.waitForReply((r) => r.message.attachments[0]?.filename === 'other.png');
    const original = handle.reply()?.message;
    expect(original?.attachments.map((a) => a.filename)).toEqual(['other.png']);
    expect(fake.attachments(original?.id ?? '').map((a) => a.filename)).toEqual(['other.png']);
    const followup = handle.followups()[0];
    expect(followup?.content).toBe('');
    expect(fake.attachments(followup?.id ?? '')[0]?.data.toString()).toBe('a,b');
    const edits = fake
      .requestsTo('PATCH', '/webhooks/:applicationId/:token/messages/@original')
      .filter((r) => r.params['token'] === handle.token);
    expect(edits[0]?.body).toMatchObject({ attachments: [{ id: '0' }] });
    expect(edits[0]?.files).toEqual([
      { field: 'files[0]', filename: 'summary.png', contentType: 'image/png', size: 33 },
    ]);
    fake.assertNoViolations();
  });

  it('takes files in a DM (channel messages)', async () => {
    const alice = fake.user('alice');
    const user = await client.users.fetch(alice.id);
    const sent = await user.send({
      embeds: [{ title: 'New songs', image: { url: 'attachment://chart.png' } }],
      files: [{ attachment: png(), name: 'chart.png' }],
    });
    expect(sent.attachments.first()?.name).toBe('chart.png');
    const dm = fake.dms(alice).at(-1);
    expect(dm?.embeds[0]?.image?.url).toBe('attachment://chart.png');
    expect(fake.attachments(dm?.id ?? '')[0]?.contentType).toBe('image/png');
    fake.assertNoViolations();
  });

  it('refuses an embed that refers to a missing attachment', async () => {
    let code: number | string = '';
    handlers.on('badref', async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      code = await outcome(
        i.editReply({
          embeds: [{ title: 'Sorted', image: { url: 'attachment://chart.png' } }],
          files: [{ attachment: png(), name: 'summary.png' }],
        }),
      );
      await i.editReply('without the chart');
    });
    await fake.runSlashCommand({ user: fake.user('alice'), name: 'badref' }).settled();
    expect(code).toBe(50035);
    const [violation] = fake.takeViolations();
    expect(violation).toMatchObject({ kind: 'limit', code: 50035 });
    expect(violation?.detail).toContain('embeds.0.image.url');
    fake.assertNoViolations();
  });

  describe('malformed multipart bodies (raw requests)', () => {
    let channelId: string;
    beforeAll(async () => {
      channelId = (await (await client.users.fetch(fake.user('bob').id)).createDM()).id;
    });

    const post = async (form: FormData, path = `/v10/channels/${channelId}/messages`, method = 'POST') => {
      const response = await fetch(`${fake.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bot ${fake.token}` },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as { code: number; errors?: unknown } };
    };
    const form = (payload: string | undefined, files: Record<string, Blob | string> = {}) => {
      const data = new FormData();
      if (payload !== undefined) data.append('payload_json', payload);
      for (const [field, value] of Object.entries(files)) {
        if (typeof value === 'string') data.append(field, value);
        else data.append(field, value, `${field.replace(/\W/g, '')}.bin`);
      }
      return data;
    };
    const blob = (size = 4) => new Blob([Buffer.alloc(size, 1)], { type: 'application/octet-stream' });

    it('accepts a well-formed one', async () => {
      const answer = await post(form(JSON.stringify({ content: 'raw' }), { 'files[0]': blob() }));
      expect(answer.status).toBe(200);
      expect(fake.attachments((answer.body as unknown as { id: string }).id)[0]?.filename).toBe('files0.bin');
      expect(fake.takeViolations()).toEqual([]);
    });

    it.each([
      ['payload_json that is not JSON', form('{nope', { 'files[0]': blob() }), 400, 50109, 'spec'],
      [
        'payload_json against the spec',
        form(JSON.stringify({ content: 5 }), { 'files[0]': blob() }),
        400,
        50035,
        'spec',
      ],
      ['an unknown form field', form(JSON.stringify({ content: 'x' }), { file: blob() }), 400, 50035, 'spec'],
      [
        'files[n] that is no file',
        form(JSON.stringify({ content: 'x' }), { 'files[0]': 'text' }),
        400,
        50035,
        'spec',
      ],
      [
        'an attachment id with no upload',
        form(JSON.stringify({ content: 'x', attachments: [{ id: '3' }] }), { 'files[0]': blob() }),
        400,
        50035,
        'limit',
      ],
      [
        'eleven files',
        form(
          JSON.stringify({ content: 'x' }),
          Object.fromEntries(Array.from({ length: 11 }, (_, n) => [`files[${n}]`, blob()])),
        ),
        400,
        50035,
        'limit',
      ],
      [
        'more than 25 MiB',
        form(JSON.stringify({ content: 'x' }), { 'files[0]': blob(UPLOAD_LIMITS.totalBytes + 1) }),
        413,
        40005,
        'limit',
      ],
    ])('refuses %s', async (_what, body, status, code, kind) => {
      const before = fake.dms(fake.user('bob')).length;
      const answer = await post(body);
      expect([answer.status, answer.body.code]).toEqual([status, code]);
      expect(fake.takeViolations().map((v) => v.kind)).toEqual([kind]);
      expect(fake.dms(fake.user('bob'))).toHaveLength(before);
    });

    it('refuses files on a route that takes none', async () => {
      const answer = await post(
        form(JSON.stringify([]), { 'files[0]': blob() }),
        `/v10/applications/${fake.applicationId}/commands`,
        'PUT',
      );
      expect([answer.status, answer.body.code]).toEqual([400, 50035]);
      expect(fake.takeViolations().map((v) => v.detail)).toEqual([expect.stringContaining('files')]);
    });
  });
});
