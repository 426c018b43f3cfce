import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../fakes/discord/index.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';

describe('autocomplete of the options that name a playlist, through a fake Discord', () => {
  let harness: BotHarness;
  const spotify = new SpotifySideDouble();
  let alice: FakeUser;
  let bob: FakeUser;
  let carol: FakeUser;

  /** What `/sublist add`'s playlist option offers `user` as they type `typed`, for the layer `layer`. */
  const playlistChoices = (user: FakeUser, typed: string, layer = 'Moods') =>
    harness.fake
      .autocomplete({
        user,
        name: 'sublist',
        subcommand: 'add',
        options: { layer, name: 'New', playlist: typed },
        focused: 'playlist',
      })
      .choices();

  /** What `/layer create`'s motherlist option offers `user` as they type `typed`. */
  const motherlistChoices = (user: FakeUser, typed: string) =>
    harness.fake
      .autocomplete({
        user,
        name: 'layer',
        subcommand: 'create',
        options: { name: 'New layer', motherlist: typed },
        focused: 'motherlist',
      })
      .choices();

  /** Runs `/sublist add` with that playlist value; the text the user is shown in the end. */
  const addSublist = async (user: FakeUser, layer: string, name: string, playlist: string) => {
    const handle = harness.fake.runSlashCommand({
      user,
      name: 'sublist',
      subcommand: 'add',
      options: { layer, name, playlist },
    });
    const reply = await handle.settled();
    return reply?.content ?? (await harness.fake.waitFor(() => handle.followups().at(-1))).content;
  };

  const sublistsOf = async (user: FakeUser, layer: string) =>
    (await harness.set.services.layers.list(user.id)).find((o) => o.layer.name === layer)?.sublists ?? [];

  beforeAll(async () => {
    harness = await startBotHarness(spotify.ports(), { fake: { users: ['alice', 'bob', 'carol'] } });
    alice = harness.fake.user('alice');
    bob = harness.fake.user('bob');
    carol = harness.fake.user('carol');
    spotify.link(alice.id);
    spotify.link(bob.id);
    await harness.set.services.layers.create(alice.id, { name: 'Moods', mutual: true, complete: false });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('/sublist add offers her own playlists matching what she typed, whole name first, then starts, then words', async () => {
    const bedrock = spotify.addPlaylist(alice.id, 'Bedrock');
    const indie = spotify.addPlaylist(alice.id, 'Indie Rock');
    const classics = spotify.addPlaylist(alice.id, 'rock classics');
    const rock = spotify.addPlaylist(alice.id, 'ROCK');
    const jazz = spotify.addPlaylist(alice.id, 'Jazz');
    const bobs = spotify.addPlaylist(bob.id, 'Rock of Bob');
    try {
      expect(await playlistChoices(alice, 'rock')).toEqual([
        { name: 'ROCK', value: rock },
        { name: 'rock classics', value: classics },
        { name: 'Indie Rock', value: indie },
        { name: 'Bedrock', value: bedrock },
      ]);
      // Bob sees his own, never alice's.
      expect((await playlistChoices(bob, 'rock', 'Bob layer')).map((c) => c.name)).toEqual(['Rock of Bob']);
      // The value chosen is what /sublist add takes.
      expect(await addSublist(alice, 'Moods', 'Classics', classics)).toContain('existing playlist');
      expect((await sublistsOf(alice, 'Moods')).map((s) => s.playlistId)).toEqual([classics]);
      // A playlist behind a sublist already is not offered again (/sublist add would refuse it).
      expect((await playlistChoices(alice, 'rock')).map((c) => c.value)).toEqual([rock, indie, bedrock]);
      harness.fake.assertNoViolations();
    } finally {
      await harness.set.services.sublists.remove(alice.id, 'Moods', 'Classics');
      for (const id of [bedrock, indie, classics, rock, jazz, bobs]) spotify.playlists.delete(id);
    }
  });

  it('/sublist add tells two playlists of one name apart, and the one picked is the one adopted', async () => {
    const first = spotify.addPlaylist(alice.id, 'Road trip');
    const second = spotify.addPlaylist(alice.id, 'road trip');
    try {
      const choices = await playlistChoices(alice, 'ROAD');
      expect(choices).toEqual([
        { name: `Road trip (${first.slice(0, 8)}…)`, value: first },
        { name: `road trip (${second.slice(0, 8)}…)`, value: second },
      ]);
      // Typed, the shared name is refused; picked, the choice names one playlist.
      expect(await addSublist(alice, 'Moods', 'Trip', 'road trip')).toContain('You own 2 playlists named');
      expect(await addSublist(alice, 'Moods', 'Trip', String(choices[1]?.value))).toContain(
        'existing playlist',
      );
      expect((await sublistsOf(alice, 'Moods')).map((s) => s.playlistId)).toEqual([second]);
      harness.fake.assertNoViolations();
    } finally {
      await harness.set.services.sublists.remove(alice.id, 'Moods', 'Trip');
      spotify.playlists.delete(first);
      spotify.playlists.delete(second);
    }
  });

  it('/sublist add offers at most 25, the best match among them, with names Discord takes', async () => {
    const many = Array.from({ length: 30 }, (_, n) =>
      spotify.addPlaylist(alice.id, `Mix ${n + 1} of the year`),
    );
    const long = spotify.addPlaylist(alice.id, `Mix ${'🌙'.repeat(70)}`);
    const exact = spotify.addPlaylist(alice.id, 'mix');
    try {
      const choices = await playlistChoices(alice, 'MIX');
      expect(choices).toHaveLength(25);
      expect(choices[0]).toEqual({ name: 'mix', value: exact });
      for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
      const longChoice = (await playlistChoices(alice, '🌙')).find((c) => c.value === long);
      expect(longChoice?.name.length).toBeLessThanOrEqual(100);
      expect(longChoice?.name.endsWith('…')).toBe(true);
      harness.fake.assertNoViolations();
    } finally {
      for (const id of [...many, long, exact]) spotify.playlists.delete(id);
    }
  });

  it("/sublist add does not offer the layer's own motherlist, whose songs would come back to it", async () => {
    const everything = spotify.addPlaylist(alice.id, 'Everything');
    await harness.set.services.layers.create(alice.id, {
      name: 'Over everything',
      mutual: true,
      complete: false,
      motherlist: everything,
    });
    try {
      expect(await playlistChoices(alice, 'every', 'Over everything')).toEqual([]);
      expect(await playlistChoices(alice, 'every', 'Moods')).toEqual([
        { name: 'Everything', value: everything },
      ]);
    } finally {
      await harness.set.services.layers.delete(alice.id, 'Over everything');
      spotify.playlists.delete(everything);
    }
  });

  it('before the first read of the library, nothing is offered and /sublist add still says how far the read is', async () => {
    spotify.link(carol.id, undefined, { done: false, songsRead: 300, songsTotal: 900 });
    const mine = spotify.addPlaylist(carol.id, 'Half read');
    await harness.set.services.layers.create(carol.id, { name: 'Carol', mutual: true, complete: false });
    expect(await playlistChoices(carol, '', 'Carol')).toEqual([]);
    expect(await playlistChoices(carol, 'half', 'Carol')).toEqual([]);
    // A playlist or a sublist would be refused as a motherlist until then; Liked Songs is not.
    expect(await motherlistChoices(carol, '')).toEqual([{ name: 'Liked Songs', value: 'Liked Songs' }]);
    expect(await addSublist(carol, 'Carol', 'Half', mine)).toContain('read 300 of 900 liked songs so far');
    spotify.link(carol.id);
    expect(await playlistChoices(carol, 'half', 'Carol')).toEqual([{ name: 'Half read', value: mine }]);
    harness.fake.assertNoViolations();
  });

  it('/layer create offers the best motherlist matches first, within 25', async () => {
    const many = Array.from({ length: 30 }, (_, n) => spotify.addPlaylist(alice.id, `Jazz mix ${n + 1}`));
    const acid = spotify.addPlaylist(alice.id, 'Acid jazz');
    const jazz = spotify.addPlaylist(alice.id, 'Jazz');
    try {
      const choices = await motherlistChoices(alice, 'jazz');
      expect(choices).toHaveLength(25);
      expect(choices[0]).toEqual({ name: 'Jazz', value: jazz });
      expect(choices.map((c) => c.value)).not.toContain(acid);
      expect(await motherlistChoices(alice, 'acid')).toEqual([{ name: 'Acid jazz', value: acid }]);
      harness.fake.assertNoViolations();
    } finally {
      for (const id of [...many, acid, jazz]) spotify.playlists.delete(id);
    }
  });
});
