import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import {
  findButton,
  findStringSelect,
  isEphemeral,
  type FakeChannel,
  type FakeUser,
} from '../../fakes/discord/index.js';
import { compactUuid, customId } from '../../../src/bot/custom-id.js';
import { createRepositories } from '../../../src/composition/repositories.js';
import { UserPlaylistRepository } from '../../../src/db/repositories/user-playlist.repository.js';
import { UserError } from '../../../src/services/errors.js';
import { startBotHarness, type BotHarness } from '../../support/bot/bot-harness.js';
import { settlePress } from '../../support/bot/settle-press.js';
import { SpotifySideDouble } from '../../support/bot/spotify-side-double.js';

const toState = (message: APIMessage | undefined) => {
  if (!message) throw new Error('no reply and no followup');
  return {
    message,
    content: message.content,
    embeds: message.embeds,
    components: message.components ?? [],
    ephemeral: isEphemeral(message),
  };
};

/** The song the explainer stand-in explains (test/support/bot/spotify-side-double.ts). */
const SONG_ID = 'song'.padEnd(22, '0');

describe('slash commands through a fake Discord', () => {
  let harness: BotHarness;
  const spotify = new SpotifySideDouble();
  let alice: FakeUser;
  let bob: FakeUser;

  const run = (
    user: FakeUser,
    name: string,
    extra: {
      subcommand?: string;
      options?: Record<string, string | number | boolean>;
      channel?: FakeChannel;
    } = {},
  ) => harness.fake.runSlashCommand({ user, name, ...extra });

  /** Presses the button of that label on the message, as `user`; the message once the bot is done. */
  const press = async (user: FakeUser, message: APIMessage, label: string) =>
    (
      await settlePress(harness.fake, message.id, () =>
        harness.fake.pressButton({ user, message, customId: findButton(message, label).custom_id }),
      )
    ).reply();

  /** What `/layer create`'s motherlist option offers alice as she types `typed`. */
  const motherlistChoices = (typed: string) =>
    harness.fake
      .autocomplete({
        user: alice,
        name: 'layer',
        subcommand: 'create',
        options: { name: 'New layer', motherlist: typed },
        focused: 'motherlist',
      })
      .choices();

  /** Runs a command and returns its settled reply's visible text (content + embed texts). */
  const textOf = async (user: FakeUser, name: string, extra: Parameters<typeof run>[2] = {}) => {
    const handle = run(user, name, extra);
    const settled = await handle.settled();
    // A public "thinking…" that ends in a user error is replaced by an ephemeral followup.
    const reply = settled ?? toState(await harness.fake.waitFor(() => handle.followups().at(-1)));
    const embeds = reply.embeds.map((e) =>
      [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`)].join('\n'),
    );
    return { reply, text: [reply.content, ...embeds].join('\n') };
  };

  /** Runs a command expected to be refused: the refusal is shown to `user` alone, nothing public stays. */
  const refusal = async (
    user: FakeUser,
    name: string,
    extra: Parameters<typeof run>[2],
    expected: string,
  ) => {
    const publicBefore = harness.fake.messages().length;
    const handle = run(user, name, extra);
    const answer = await harness.fake.waitFor(
      () =>
        harness.fake
          .ephemeral(user)
          .find((m) => m.interaction_metadata?.id === handle.id && m.content.includes(expected)),
      { what: `an ephemeral “${expected}” for /${name}` },
    );
    await harness.fake.waitFor(() => (handle.reply()?.loading === true ? undefined : true));
    expect(harness.fake.messages().length).toBe(publicBefore);
    return { handle, answer };
  };

  // One harness for all 35 tests: a fresh database, the job queue and the bot logged in to the fake
  // Discord, 8-13 s alone (nice 10, load 12-17); beside other files on two cores it passed 60 s.
  beforeAll(async () => {
    harness = await startBotHarness(spotify.ports(), {
      trainings: {},
      fake: { users: ['alice', 'bob', 'carol', 'dave'] },
    });
    alice = harness.fake.user('alice');
    bob = harness.fake.user('bob');
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('deploys one definition per command file', () => {
    expect(
      harness.fake
        .commands()
        .map((c) => c.name)
        .sort(),
    ).toEqual(
      [
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
      ].sort(),
    );
  });

  it('/help answers ephemerally', async () => {
    const { reply, text } = await textOf(alice, 'help');
    expect(reply.ephemeral).toBe(true);
    expect(text).toContain('/layer create');
  });

  it('/link shows a link button to the one-time URL', async () => {
    const { reply } = await textOf(alice, 'link');
    expect(reply.ephemeral).toBe(true);
    expect(JSON.stringify(reply.components)).toContain(`"url":"http://127.0.0.1/link/${alice.id}-once"`);
  });

  it('/layer create before linking says to link first and creates nothing', async () => {
    const { reply, text } = await textOf(bob, 'layer', {
      subcommand: 'create',
      options: { name: 'Moods', mutual: true, complete: true },
    });
    expect(reply.ephemeral).toBe(true);
    expect(text).toContain('/link');
    expect(await harness.set.services.layers.list(bob.id)).toEqual([]);
  });

  it('item 14: before linking, /train, /sort, /why, /undo and /layer list say to link first, privately', async () => {
    const layer = { options: { layer: 'Genres' } };
    for (const [name, extra] of [
      ['train', layer],
      ['sort', layer],
      ['undo', layer],
      ['why', { options: { layer: 'Genres', track: 'Artist – One' } }],
      ['layer', { subcommand: 'list' }],
    ] as const) {
      await refusal(bob, name, extra, 'Link your Spotify account first with `/link`');
    }
    expect(spotify.trainCalls).toHaveLength(0);
  });

  it('creates a layer over Liked Songs and lists it', async () => {
    spotify.link(alice.id);
    const { text } = await textOf(alice, 'layer', {
      subcommand: 'create',
      options: { name: 'Genres', mutual: true, complete: true },
    });
    expect(text).toContain('Layer Genres created');
    expect(text).toContain('Liked Songs');
    const listed = await textOf(alice, 'layer', { subcommand: 'list' });
    expect(listed.text).toContain('Genres');
    expect(listed.text).toContain('mutual, complete');
  });

  it('creates a layer over a playlist the user owns, refuses one they do not own', async () => {
    const own = spotify.addPlaylist(alice.id, 'Everything');
    spotify.addPlaylist(bob.id, 'Bob mix');
    const created = await textOf(alice, 'layer', {
      subcommand: 'create',
      options: {
        name: 'Sub',
        mutual: false,
        complete: false,
        motherlist: `https://open.spotify.com/playlist/${own}?si=x`,
      },
    });
    expect(created.text).toContain('Motherlist: **Everything**');
    const refused = await textOf(alice, 'layer', {
      subcommand: 'create',
      options: { name: 'Stolen', mutual: true, complete: true, motherlist: 'Bob mix' },
    });
    expect(refused.reply.ephemeral).toBe(true);
    expect(refused.text).toContain('not a playlist you own');
    expect((await harness.set.services.layers.list(alice.id)).map((o) => o.layer.name)).toEqual([
      'Genres',
      'Sub',
    ]);
  });

  it('adds sublists by creating private playlists or adopting owned ones; refuses others’ playlists', async () => {
    const before = spotify.playlists.size;
    const created = await textOf(alice, 'sublist', {
      subcommand: 'add',
      options: { layer: 'Genres', name: 'Rock' },
    });
    expect(created.text).toContain('new private playlist');
    expect(spotify.playlists.size).toBe(before + 1);
    spotify.addPlaylist(alice.id, 'My Jazz');
    const adopted = await textOf(alice, 'sublist', {
      subcommand: 'add',
      options: { layer: 'Genres', name: 'Jazz', playlist: 'my jazz' },
    });
    expect(adopted.text).toContain('existing playlist');
    const refused = await textOf(alice, 'sublist', {
      subcommand: 'add',
      options: { layer: 'Genres', name: 'Pop', playlist: 'Bob mix' },
    });
    expect(refused.text).toContain('No playlist named “Bob mix” in your Spotify library');
    const { sublists } = await harness.set.services.layers.requireWithSublists(alice.id, 'Genres');
    expect(sublists.map((s) => s.name)).toEqual(['Rock', 'Jazz']);
  });

  it('unknown layer and unknown sublist get a clear answer', async () => {
    const unknownLayer = await textOf(alice, 'sublist', {
      subcommand: 'add',
      options: { layer: 'Nope', name: 'X' },
    });
    expect(unknownLayer.reply.ephemeral).toBe(true);
    expect(unknownLayer.text).toContain('no layer named “Nope”');
    const unknownSublist = await textOf(alice, 'sublist', {
      subcommand: 'remove',
      options: { layer: 'Genres', sublist: 'Polka' },
    });
    expect(unknownSublist.text).toContain('has no sublist named “Polka”');
    const { sublists } = await harness.set.services.layers.requireWithSublists(alice.id, 'Genres');
    expect(sublists).toHaveLength(2);
  });

  it('autocompletes layer and sublist names', async () => {
    const layers = await harness.fake
      .autocomplete({ user: alice, name: 'sort', options: { layer: 'gen' }, focused: 'layer' })
      .choices();
    expect(layers.map((c) => c.name)).toEqual(['Genres']);
    const sublists = await harness.fake
      .autocomplete({
        user: alice,
        name: 'sublist',
        subcommand: 'remove',
        options: { layer: 'Genres', sublist: 'j' },
        focused: 'sublist',
      })
      .choices();
    expect(sublists.map((c) => c.name)).toEqual(['Jazz']);
  });

  it('/sort before any labels says to label first and sorts nothing', async () => {
    const { reply, text } = await textOf(alice, 'sort', { options: { layer: 'Genres' } });
    expect(reply.ephemeral).toBe(true);
    expect(text).toContain('no labels yet');
    expect(spotify.sortCalls).toHaveLength(0);
  });

  it('item 14: “Nothing to undo” is shown only to the user; nothing public appears, not even “thinking…”', async () => {
    const { handle } = await refusal(
      alice,
      'undo',
      { options: { layer: 'Genres' } },
      'Nothing to undo in “Genres”',
    );
    // The very first response is private: no public placeholder was ever shown.
    const first = await handle.firstResponse();
    expect((first.data as { flags?: number } | undefined)?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('item 14: a refused /train posts no progress message and answers privately', async () => {
    spotify.trainRefusal = new UserError({
      code: 'no-labels',
      layerName: 'Genres',
      needed: 4,
      work: 'train',
    });
    try {
      const { handle } = await refusal(
        alice,
        'train',
        { options: { layer: 'Genres' } },
        'needs at least 4 labeled',
      );
      const touched = harness.fake.requests.filter(
        (r) => r.path.includes(handle.token) || r.path.includes(handle.id),
      );
      expect(JSON.stringify(touched.map((r) => r.body))).not.toContain('Training');
    } finally {
      spotify.trainRefusal = undefined;
    }
    expect(spotify.trainCalls).toHaveLength(0);
  });

  it('/import turns the sublists’ contents into labels', async () => {
    for (const [id, name] of [
      ['t1', 'One'],
      ['t2', 'Two'],
      ['t3', 'Three'],
    ] as const)
      spotify.addTrack(`${id}`.padEnd(22, '0'), name, 'Artist');
    spotify.liked.set(
      alice.id,
      ['t1', 't2', 't3'].map((id) => id.padEnd(22, '0')),
    );
    const jazz = [...spotify.playlists.entries()].find(([, p]) => p.name === 'My Jazz');
    jazz?.[1].trackIds.push('t1'.padEnd(22, '0'), 'elsewhere'.padEnd(22, '0'));
    const { text } = await textOf(alice, 'import', { options: { layer: 'Genres' } });
    expect(text).toContain('Imported **1** label into');
    expect(text).toContain('1 sublist tracks are not in the motherlist');
  });

  it('/train edits its message into the result; /sort with dry_run shows the plan', async () => {
    // The progress edit and the result are two edits: wait for the result, not for a quiet moment.
    const train = await run(alice, 'train', { options: { layer: 'Genres' } }).waitForReply((r) =>
      Boolean(r.embeds[0]?.title?.includes('trained')),
    );
    // Model results show the person's library: only they see them unless they chose public results.
    expect(train.ephemeral).toBe(true);
    expect(train.embeds[0]?.title).toContain('model v1 trained');
    const sort = await textOf(alice, 'sort', { options: { layer: 'Genres', dry_run: true } });
    expect(sort.text).toContain('Dry run for Genres');
    expect(sort.reply.components).toHaveLength(0);
    expect(spotify.sortCalls.at(-1)?.dryRun).toBe(true);
    const applied = await textOf(alice, 'sort', { options: { layer: 'Genres' } });
    expect(applied.text).toContain('Sorted Genres');
    expect(findButton(applied.reply.message, 'Undo').custom_id).toMatch(/^ml1:su:/);
    // The run's chart is attached and shown as the embed's image.
    expect(applied.reply.embeds[0]?.image?.url).toBe('attachment://sort-summary.png');
    const [chart] = harness.fake.attachments(applied.reply.message.id);
    expect(chart?.data.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
  });

  it('/sort posts its summary without the chart when the chart cannot be rendered', async () => {
    spotify.chartFails = true;
    try {
      const applied = await textOf(alice, 'sort', { options: { layer: 'Genres' } });
      expect(applied.text).toContain('Sorted Genres');
      expect(applied.reply.embeds[0]?.image).toBeUndefined();
      expect(applied.reply.message.attachments).toEqual([]);
    } finally {
      spotify.chartFails = false;
    }
    harness.fake.assertNoViolations();
  });

  // Layers stored in a circle (before adopting refused one) are skipped by syncs; a /sort is the
  // user's explicit act, so it sorts, and its summary says the circle is there and how to break it.
  it('/sort of a layer in a circle sorts, and its summary warns of the circle as /status does', async () => {
    const dave = harness.fake.user('dave');
    spotify.link(dave.id);
    const { layers, sublists } = harness.set.services;
    const mode = { mutual: true, complete: true };
    const p = spotify.addPlaylist(dave.id, 'Circle P');
    const a = (await layers.create(dave.id, { name: 'Loop A', motherlist: 'Circle P', ...mode })).layer;
    const toB = (await sublists.add(dave.id, 'Loop A', 'To B')).sublist;
    const b = (await layers.create(dave.id, { name: 'Loop B', motherlist: 'Loop A › To B', ...mode })).layer;
    // Stored as the bot stored them before the check (no service would store them so today).
    const repositories = createRepositories(harness.database);
    await repositories.sublists.add(b.id, 'To A', p);
    const track = 'loop'.padEnd(22, '0');
    await harness.database.dataSource.query(
      `insert into tracks (id, name, artists, album) values ($1, 'Loop song', '[]', '{}')`,
      [track],
    );
    await repositories.labels.put(a.id, track, [toB.id], 'session');

    const sorted = await textOf(dave, 'sort', { options: { layer: 'Loop A' } });
    expect(spotify.sortCalls.at(-1)?.layer.id).toBe(a.id);
    expect(sorted.text).toContain('Sorted Loop A');
    expect(sorted.text).toContain(
      '⚠️ In a circle: **Loop A** › To B feeds **Loop B**, **Loop B** › To A feeds **Loop A**, so songs would go round. Syncs skip these layers until you change one',
    );
    const alone = await textOf(alice, 'sort', { options: { layer: 'Genres' } });
    expect(alone.text).not.toContain('In a circle');

    // With public results the summary is what dave shares; his other layers are not: the circle
    // (which names them) comes to him alone, below the summary.
    await textOf(dave, 'settings', { options: { public_results: true } });
    const shared = run(dave, 'sort', { options: { layer: 'Loop A', dry_run: true } });
    const [summary, note] = await harness.fake.waitFor(() => {
      const [first, second] = shared.followups();
      return first && second ? [first, second] : undefined;
    });
    expect(isEphemeral(summary)).toBe(false);
    const posted = JSON.stringify(harness.fake.message(summary.id));
    expect(posted).toContain('Dry run for Loop A');
    expect(posted).not.toContain('Loop B');
    expect(posted).not.toContain('In a circle');
    expect(isEphemeral(note)).toBe(true);
    expect(note.content).toContain(
      '⚠️ In a circle: **Loop A** › To B feeds **Loop B**, **Loop B** › To A feeds **Loop A**, so songs would go round.',
    );

    // The same after the Place everything button: the summary for all, the circle in dave's warning.
    const warning = await textOf(dave, 'sort', { options: { layer: 'Loop A', everything: true } });
    expect(warning.reply.ephemeral).toBe(true);
    const channelBefore = harness.fake.messages().length;
    await press(dave, warning.reply.message, 'Place everything');
    const placed = await harness.fake.waitFor(() =>
      harness.fake
        .messages()
        .slice(channelBefore)
        .find((m) => m.embeds[0]?.title === 'Sorted Loop A'),
    );
    await textOf(dave, 'settings', { options: { public_results: false } });
    expect(JSON.stringify(placed)).not.toContain('Loop B');
    const told = harness.fake.message(warning.reply.message.id).content;
    expect(told).toContain('the summary is in the channel');
    expect(told).toContain('⚠️ In a circle: **Loop A** › To B feeds **Loop B**');
    harness.fake.assertNoViolations();
  });

  it('/undo and /why answer through the sorter and explainer', async () => {
    const undo = await textOf(alice, 'undo', { options: { layer: 'Genres' } });
    expect(undo.text).toContain('Undid the sort of **Genres**');
    expect(undo.text).toContain('took 2 songs out of **Rock**');
    expect(undo.reply.ephemeral).toBe(true);
    // Rock's playlist is in Alice's library as the last sync read it (the others are not: no move there).
    const layer = await harness.set.services.layers.requireWithSublists(alice.id, 'Genres');
    const rock = layer.sublists.find((s) => s.name === 'Rock')!;
    await new UserPlaylistRepository(harness.database.dataSource).save(alice.id, {
      playlistId: rock.playlistId,
      name: 'Rock',
      ownerId: alice.id,
      collaborative: false,
      snapshotId: null,
      itemTotal: 0,
      unsortableItems: 0,
      syncedAt: null,
    });
    const why = await textOf(alice, 'why', { options: { layer: 'Genres', track: 'Artist – One' } });
    expect(why.text).toContain('Resembles these songs you answered');
    // The song's menu moves it, as the new-songs DM's menus do (the DM sends its overflow here).
    const menuId = customId('mv', compactUuid(layer.layer.id), SONG_ID);
    expect(findStringSelect(why.reply.message, menuId).options.map((o) => o.label)).toEqual(['Rock']);
    const before = spotify.correctCalls.length;
    await harness.fake
      .selectValues({
        user: alice,
        message: why.reply.message,
        customId: menuId,
        values: [compactUuid(rock.id)],
      })
      .waitForReply((r) => r.content.includes('Moved'));
    expect(spotify.correctCalls.slice(before)).toEqual([
      { userId: alice.id, layerId: layer.layer.id, trackId: SONG_ID, sublistIds: [rock.id] },
    ]);
  });

  it('/settings changes and shows settings; a bad interval is refused', async () => {
    const changed = await textOf(alice, 'settings', { options: { auto_sort: false, sync_interval: 30 } });
    expect(changed.text).toContain('Auto-sort new likes: **off**');
    expect(changed.text).toContain('Sync interval: **every 30 minutes**');
    const refused = await textOf(alice, 'settings', { options: { sync_interval: 2 } });
    expect(refused.text).toContain('from 5 to');
    expect((await harness.set.services.settings.get(alice.id)).syncIntervalMinutes).toBe(30);
  });

  it('/settings sets and shows a layer’s precision target; a target without a layer is refused', async () => {
    const set = await textOf(alice, 'settings', { options: { layer: 'Genres', precision: 90 } });
    expect(set.text).toContain('Precision target of **Genres**: **90%**');
    expect((await harness.set.services.layers.require(alice.id, 'Genres')).precisionTarget).toBeCloseTo(
      0.9,
      5,
    );
    const shown = await textOf(alice, 'settings', { options: { layer: 'Genres' } });
    expect(shown.text).toContain('Precision target of **Genres**: **90%**');
    const refused = await textOf(alice, 'settings', { options: { precision: 70 } });
    expect(refused.text).toContain('Name the `layer`');
    // A refused change changes nothing: the target given with a bad interval is not set either.
    const halfRefused = await textOf(alice, 'settings', {
      options: { layer: 'Genres', precision: 70, sync_interval: 2 },
    });
    expect(halfRefused.text).toContain('from 5 to');
    expect((await harness.set.services.layers.require(alice.id, 'Genres')).precisionTarget).toBeCloseTo(
      0.9,
      5,
    );
  });

  it('with public results, /sort defers privately: a refusal after the checks never shows "thinking…" in the channel, and the summary is a message of its own', async () => {
    const privateDeferral = (handle: ReturnType<typeof run>) => {
      const flags = (handle.initialResponse?.data as { flags?: number } | undefined)?.flags ?? 0;
      return (flags & MessageFlags.Ephemeral) !== 0;
    };
    await textOf(alice, 'settings', { options: { public_results: true } });
    const publicBefore = harness.fake.messages().length;
    spotify.sortRefusal = new UserError({ code: 'no-model', layerName: 'Genres' });
    const { handle: refused } = await refusal(alice, 'sort', { options: { layer: 'Genres' } }, '/train');
    spotify.sortRefusal = undefined;
    expect(privateDeferral(refused)).toBe(true);
    expect(harness.fake.messages()).toHaveLength(publicBefore);

    const sorted = run(alice, 'sort', { options: { layer: 'Genres', dry_run: true } });
    const summary = await harness.fake.waitFor(() => sorted.followups().at(-1));
    expect(privateDeferral(sorted)).toBe(true);
    expect(isEphemeral(summary)).toBe(false);
    expect(harness.fake.messages().at(-1)?.id).toBe(summary.id);
    // The private placeholder is gone: nothing of this /sort is left but the summary.
    await harness.fake.waitFor(() => (sorted.reply() === null ? true : undefined));
    await textOf(alice, 'settings', { options: { public_results: false } });
    harness.fake.assertNoViolations();
  });

  it('sort summaries are private by default; /settings public_results posts them for all, a DM keeps them plain', async () => {
    const publicBefore = harness.fake.messages().length;
    const privately = await textOf(alice, 'sort', { options: { layer: 'Genres', dry_run: true } });
    expect(privately.reply.ephemeral).toBe(true);
    expect(harness.fake.messages()).toHaveLength(publicBefore);

    const turnedOn = await textOf(alice, 'settings', { options: { public_results: true } });
    expect(turnedOn.text).toContain('Sort summaries and model results in this server: **public**');
    const publicly = await textOf(alice, 'sort', { options: { layer: 'Genres', dry_run: true } });
    expect(publicly.reply.ephemeral).toBe(false);
    expect(harness.fake.messages().at(-1)?.id).toBe(publicly.reply.message.id);

    await textOf(alice, 'settings', { options: { public_results: false } });
    const inDm = harness.fake
      .runSlashCommand({
        user: alice,
        name: 'sort',
        options: { layer: 'Genres', dry_run: true },
        channel: harness.fake.dmChannelOf(alice),
      })
      .settled();
    const dmReply = await inDm;
    expect(dmReply?.ephemeral).toBe(false);
    expect(harness.fake.dms(alice).map((m) => m.id)).toContain(dmReply?.message.id);
    harness.fake.assertNoViolations();
  });

  it('public results are set per server: on in one server, a sort in another stays private; a DM says how many servers, never which', async () => {
    const other = harness.fake.addServer('Other Server');
    await textOf(alice, 'settings', { options: { public_results: true } });
    const elsewhere = await textOf(alice, 'sort', {
      options: { layer: 'Genres', dry_run: true },
      channel: other,
    });
    expect(elsewhere.reply.ephemeral).toBe(true);
    expect(harness.fake.messages(other.id)).toEqual([]);
    expect((await textOf(alice, 'settings', { channel: other })).text).toContain(
      'Sort summaries and model results in this server: **only you**',
    );
    expect((await textOf(alice, 'status', { channel: other })).text).toContain(
      'Sort summaries and model results in this server: **only you**',
    );

    const dm = harness.fake.dmChannelOf(alice);
    const fromDm = await textOf(alice, 'settings', { channel: dm });
    expect(fromDm.text).toContain('public in **1** server now');
    expect(fromDm.text).not.toContain('Test Guild');
    const dmsBefore = (await harness.set.services.settings.get(alice.id)).dmSummaries;
    const refused = await textOf(alice, 'settings', {
      options: { public_results: true, dms: !dmsBefore },
      channel: dm,
    });
    expect(refused.text).toContain('Public results are set per server');
    expect(await harness.set.services.settings.get(alice.id)).toMatchObject({
      dmSummaries: dmsBefore,
      publicResultServers: [harness.fake.channel.guildId],
    });

    // Off in the first server turns it off there and nowhere else, here: nowhere left.
    await textOf(alice, 'settings', { options: { public_results: true }, channel: other });
    await textOf(alice, 'settings', { options: { public_results: false } });
    const stillPublic = await textOf(alice, 'sort', {
      options: { layer: 'Genres', dry_run: true },
      channel: other,
    });
    expect(stillPublic.reply.ephemeral).toBe(false);
    expect(harness.fake.messages(other.id).at(-1)?.id).toBe(stillPublic.reply.message.id);
    expect(
      (await textOf(alice, 'sort', { options: { layer: 'Genres', dry_run: true } })).reply.ephemeral,
    ).toBe(true);
    await textOf(alice, 'settings', { options: { public_results: false }, channel: other });
    harness.fake.assertNoViolations();
  });

  it('/link while linked names the account, and says what linking another one does to the sublists', async () => {
    const { reply, text } = await textOf(alice, 'link');
    expect(reply.ephemeral).toBe(true);
    const linkedAs = (await harness.set.services.status.statusOf(alice.id)).account?.displayName ?? '';
    expect(text).toContain(`You are linked as **${linkedAs}**.`);
    expect(text).toContain("their sublists' playlists stay");
    expect(JSON.stringify(reply.components)).toContain(`"url":"http://127.0.0.1/link/${alice.id}-once"`);
  });

  it('/status shows the account, layers and label counts', async () => {
    const { reply, text } = await textOf(alice, 'status');
    expect(reply.ephemeral).toBe(true);
    expect(text).toContain(`Linked as **spotify-${alice.id.slice(-4)}**`);
    expect(text).toContain('Genres');
    expect(text).toMatch(/2 sublists · 1 labels/);
  });

  it('/layer delete asks first; only the owner’s Delete press deletes', async () => {
    const { reply } = await textOf(alice, 'layer', { subcommand: 'delete', options: { layer: 'Sub' } });
    const keep = await press(alice, reply.message, 'Keep');
    expect(keep?.content).toContain('Kept layer');
    const again = await textOf(alice, 'layer', { subcommand: 'delete', options: { layer: 'Sub' } });
    const deleted = await press(alice, again.reply.message, 'Delete');
    expect(deleted?.content).toContain('Deleted layer **Sub**');
    expect((await harness.set.services.layers.list(alice.id)).map((o) => o.layer.name)).toEqual(['Genres']);
  });

  it('issue 21 item 9: /layer create offers sublists as motherlists; /layer delete names the layers over its sublists', async () => {
    const choices = await motherlistChoices('genres');
    expect(choices).toEqual([
      { name: 'Genres › Rock', value: 'Genres › Rock' },
      { name: 'Genres › Jazz', value: 'Genres › Jazz' },
    ]);
    const created = await textOf(alice, 'layer', {
      subcommand: 'create',
      options: { name: 'Rock eras', mutual: true, complete: true, motherlist: 'Genres › Rock' },
    });
    expect(created.text).toContain('Motherlist: **Genres › Rock**');
    const { reply } = await textOf(alice, 'layer', { subcommand: 'delete', options: { layer: 'Genres' } });
    expect(reply.content).toContain(
      'Layer **Rock eras** keeps the playlist of **Rock** as its motherlist, but no longer gets the songs sorted into it here.',
    );
    const kept = await press(alice, reply.message, 'Keep');
    expect(kept?.content).toContain('Kept layer');
    await harness.set.services.layers.delete(alice.id, 'Rock eras');
  });

  it('/layer create offers a playlist whose name is longer than a Discord choice, shortened, by its id', async () => {
    // Spotify takes longer playlist names than Discord's 100-character choices.
    const long = `Late night drives ${'🌙'.repeat(3)} ${'and slow mornings '.repeat(6)}`;
    const id = spotify.addPlaylist(alice.id, long);
    expect(await motherlistChoices('late night')).toEqual([{ name: `${long.slice(0, 99)}…`, value: id }]);
    spotify.playlists.delete(id);
  });

  it('/layer create tells apart two playlists of one name (and one named Liked Songs) by their ids, within 100 characters', async () => {
    const first = spotify.addPlaylist(alice.id, 'Road trip');
    const second = spotify.addPlaylist(alice.id, 'road trip ');
    const liked = spotify.addPlaylist(alice.id, 'Liked Songs');
    const long = `Drives ${'🌙'.repeat(60)}`;
    const longFirst = spotify.addPlaylist(alice.id, long);
    const longSecond = spotify.addPlaylist(alice.id, long);
    try {
      expect(await motherlistChoices('road trip')).toEqual([
        { name: `Road trip (${first.slice(0, 8)}…)`, value: first },
        { name: `road trip  (${second.slice(0, 8)}…)`, value: second },
      ]);
      expect(await motherlistChoices('liked songs')).toEqual([
        { name: 'Liked Songs', value: 'Liked Songs' },
        { name: `Liked Songs (${liked.slice(0, 8)}…)`, value: liked },
      ]);
      const longChoices = await motherlistChoices('drives');
      expect(longChoices.map((c) => c.value)).toEqual([longFirst, longSecond]);
      for (const [choice, id] of longChoices.map((c, n) => [c, [longFirst, longSecond][n]] as const)) {
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(choice.name.endsWith(`🌙… (${id?.slice(0, 8)}…)`)).toBe(true);
      }
    } finally {
      for (const id of [first, second, liked, longFirst, longSecond]) spotify.playlists.delete(id);
    }
  });

  it('a button from an older bot version is answered as stale and changes nothing', async () => {
    const channel = await harness.bot.client.channels.fetch(harness.fake.channel.id);
    if (!channel?.isSendable()) throw new Error('no channel');
    const old = await channel.send({
      content: 'Unlink?',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              custom_id: `ml0:ul:${alice.id}:y`,
              label: 'Unlink',
              style: ButtonStyle.Danger,
            },
          ],
        },
      ],
    });
    const press = harness.fake.pressButton({
      user: alice,
      message: old.id,
      customId: `ml0:ul:${alice.id}:y`,
    });
    await press.firstResponse();
    const answer = await harness.fake.waitFor(() =>
      harness.fake.ephemeral(alice).find((m) => m.content.includes('older version')),
    );
    expect(answer.content).toContain('no longer works');
    expect(spotify.accounts.has(alice.id)).toBe(true);
  });

  it('a confirm button pressed by someone else answers “not yours” and changes nothing', async () => {
    const { reply } = await textOf(alice, 'layer', { subcommand: 'delete', options: { layer: 'Genres' } });
    // Ephemeral messages cannot be seen by others; a leaked custom_id on a public message is the same press.
    const channel = await harness.bot.client.channels.fetch(harness.fake.channel.id);
    if (!channel?.isSendable()) throw new Error('no channel');
    const customId = findButton(reply.message, 'Delete').custom_id;
    const copy = await channel.send({
      content: 'copy',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, custom_id: customId, label: 'Delete', style: ButtonStyle.Danger },
          ],
        },
      ],
    });
    await harness.fake.pressButton({ user: bob, message: copy.id, customId }).firstResponse();
    const answer = await harness.fake.waitFor(() =>
      harness.fake.ephemeral(bob).find((m) => m.content.includes('someone else')),
    );
    expect(answer).toBeDefined();
    expect((await harness.set.services.layers.list(alice.id)).map((o) => o.layer.name)).toEqual(['Genres']);
  });

  it('/unlink while a run is being written past the wait: says so in its own words, unlinks nothing', async () => {
    const { reply } = await textOf(alice, 'unlink');
    const confirm = findButton(reply.message, 'Unlink and delete').custom_id;
    spotify.layersBusy = true;
    try {
      const pick = await settlePress(harness.fake, reply.message.id, () =>
        harness.fake.pressButton({ user: alice, message: reply.message, customId: confirm }),
      );
      const said = harness.fake.ephemeral(alice).find((m) => m.interaction_metadata?.id === pick.id);
      expect(said?.content).toBe(
        'A sort or sync of your layers is still being written, so nothing was unlinked or deleted. Run `/unlink` again in a minute.',
      );
    } finally {
      spotify.layersBusy = false;
    }
    expect(spotify.accounts.has(alice.id)).toBe(true);
    harness.fake.assertNoViolations();
  });

  it('/unlink deletes tokens, layers and labels after the confirm button; others cannot press it', async () => {
    const { reply } = await textOf(alice, 'unlink');
    expect(reply.ephemeral).toBe(true);
    const confirm = findButton(reply.message, 'Unlink and delete').custom_id;
    const pressed = await harness.fake
      .pressButton({ user: alice, message: reply.message, customId: confirm })
      .waitForReply((r) => r.content.startsWith('Unlinked'));
    expect(pressed.content).toContain('Deleted your Spotify tokens and 1 layer');
    expect(spotify.accounts.has(alice.id)).toBe(false);
    expect(await harness.set.services.layers.list(alice.id)).toEqual([]);
    harness.fake.assertNoViolations();
  });

  it('before the first library read is done, every command that needs the library says how far it is', async () => {
    spotify.link(bob.id, undefined, { done: false, songsRead: 1200, songsTotal: 4000 });
    const mine = spotify.addPlaylist(bob.id, 'ctrl alt repeat 🌱');
    // A layer over Liked Songs needs nothing read yet.
    await textOf(bob, 'layer', {
      subcommand: 'create',
      options: { name: 'Bob layer', mutual: true, complete: false },
    });
    const reading = 'read 1,200 of 4,000 liked songs so far';
    await refusal(
      bob,
      'sublist',
      { subcommand: 'add', options: { layer: 'Bob layer', name: 'Chill', playlist: 'ctrl alt repeat 🌱' } },
      reading,
    );
    await refusal(bob, 'label', { options: { layer: 'Bob layer' } }, reading);
    await refusal(bob, 'import', { options: { layer: 'Bob layer' } }, reading);
    await refusal(bob, 'sort', { options: { layer: 'Bob layer' } }, reading);
    await refusal(
      bob,
      'layer',
      {
        subcommand: 'create',
        options: { name: 'Over mine', mutual: true, complete: true, motherlist: mine },
      },
      reading,
    );
    expect(spotify.sortCalls.filter((call) => call.userId === bob.id)).toEqual([]);

    // Liked Songs read, playlists under way.
    spotify.link(bob.id, undefined, { done: false, songsRead: 4000, songsTotal: 4000 });
    await refusal(
      bob,
      'label',
      { options: { layer: 'Bob layer' } },
      'read your 4,000 liked songs and is reading your playlists now',
    );

    // Done: adopting the playlist works.
    spotify.link(bob.id);
    const adopted = await textOf(bob, 'sublist', {
      subcommand: 'add',
      options: { layer: 'Bob layer', name: 'Chill', playlist: 'ctrl alt repeat 🌱' },
    });
    expect(adopted.text).toContain('existing playlist');
    spotify.accounts.delete(bob.id);
    harness.fake.assertNoViolations();
  });

  it('/label before the first library read is done says how far it is, and shows its first card when it is', async () => {
    const carol = harness.fake.user('carol');
    spotify.link(carol.id, undefined, { done: false, songsRead: 50, songsTotal: 120 });
    const first = spotify.addTrack('0000000000000000000c01', 'Carol Song 1', 'Carol Artist');
    spotify.addTrack('0000000000000000000c02', 'Carol Song 2', 'Carol Artist');
    spotify.liked.set(carol.id, ['0000000000000000000c01', '0000000000000000000c02']);
    await textOf(carol, 'layer', {
      subcommand: 'create',
      options: { name: 'Carol', mutual: true, complete: true },
    });
    for (const name of ['Day', 'Night'])
      await textOf(carol, 'sublist', { subcommand: 'add', options: { layer: 'Carol', name } });

    const publicBefore = harness.fake.messages().length;
    const handle = run(carol, 'label', { options: { layer: 'Carol' } });
    const waiting = await handle.waitForReply((r) => r.content.includes('read 50 of 120 liked songs so far'));
    expect(waiting.ephemeral).toBe(true);
    expect(waiting.content).toContain('Your first card shows here when it is done.');
    expect(
      await harness.database.dataSource.query('select id from label_sessions where user_id = $1', [carol.id]),
    ).toEqual([]);

    // The read goes on: the same message follows it.
    spotify.link(carol.id, undefined, { done: false, songsRead: 100, songsTotal: 120 });
    await handle.waitForReply((r) => r.content.includes('read 100 of 120 liked songs so far'));

    // Done: the same message becomes the session's first card.
    spotify.link(carol.id);
    const card = await handle.waitForReply((r) => r.components.length > 0);
    expect(card.message.id).toBe(waiting.message.id);
    expect(card.embeds[0]?.url).toContain(first.id);
    expect(findButton(card.message, 'Skip')).toBeDefined();
    expect(harness.fake.messages()).toHaveLength(publicBefore);
    spotify.accounts.delete(carol.id);
    harness.fake.assertNoViolations();
  });
});
