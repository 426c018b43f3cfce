import { confidenceLine } from '../../../src/bot/views/model.view.js';
import { ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Layer, LabelSession, Sublist } from '../../../src/core/layer-records.js';
import type { LabelCard } from '../../../src/services/labels/label-session.service.js';
import { labelCardView, answeredView } from '../../../src/bot/views/label-card.view.js';
import { sortSummaryView, trainProgressView, trainResultView } from '../../../src/bot/views/model.view.js';
import { dmView, HELP_TEXT, statusView } from '../../../src/bot/views/account.view.js';
import { COLOUR, type View } from '../../../src/bot/views/view.js';
import { sublistAddedView, sublistRemovedView } from '../../../src/bot/views/layer.view.js';
import { viewStatus } from '../../support/view-fixtures.js';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const layer = (mutual: boolean, complete: boolean): Layer => ({
  id: uuid(1),
  userId: '400000000000000001',
  name: 'Genres',
  motherlistId: 'liked',
  mode: { mutual, complete },
  precisionTarget: 0.8,
  createdAt: new Date(0),
});

const sublists = (count: number): Sublist[] =>
  Array.from({ length: count }, (_, i) => ({
    id: uuid(100 + i),
    layerId: uuid(1),
    name: `Sublist number ${i + 1}`,
    playlistId: `p${i}`,
    position: i,
  }));

const session: LabelSession = {
  id: uuid(2),
  userId: '400000000000000001',
  layerId: uuid(1),
  channelId: '1',
  currentTrackId: '4uLU6hMCjMI75M1A2tKUQC',
  currentMessageId: null,
  toggledSublistIds: [],
  answeredTrackIds: [],
  skippedTrackIds: [],
  status: 'open',
  updatedAt: new Date(0),
};

const card = (
  count: number,
  mutual: boolean,
  complete: boolean,
  extra: Partial<LabelCard> = {},
): LabelCard => ({
  session,
  layer: layer(mutual, complete),
  sublists: sublists(count),
  track: {
    id: '4uLU6hMCjMI75M1A2tKUQC',
    name: 'Never Gonna Give You Up',
    artists: [{ name: 'Rick Astley' }],
    album: { name: 'Whenever', releaseDate: '1987-11-12' },
    coverUrl: 'https://i.scdn.co/image/x',
  },
  guess: undefined,
  answeredCount: 0,
  ...extra,
});

const allComponents = (view: View) => view.components.flatMap((row) => row.components);

/** Discord's limits for legacy messages. */
const expectWithinLimits = (view: View) => {
  expect(view.components.length).toBeLessThanOrEqual(5);
  for (const row of view.components) {
    const selects = row.components.filter((c) => c.type === ComponentType.StringSelect);
    if (selects.length > 0) expect(row.components).toHaveLength(1);
    else expect(row.components.length).toBeLessThanOrEqual(5);
  }
  for (const component of allComponents(view)) {
    if ('custom_id' in component) expect(component.custom_id.length).toBeLessThanOrEqual(100);
    if (component.type === ComponentType.StringSelect)
      expect(component.options.length).toBeLessThanOrEqual(25);
  }
};

describe('label card view', () => {
  it('shows track, album, cover, link and a button per sublist plus the controls the mode allows', () => {
    const view = labelCardView(card(3, true, true));
    const embed = view.embeds[0];
    expect(embed?.title).toBe('Never Gonna Give You Up');
    expect(embed?.url).toBe('https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC');
    expect(embed?.thumbnail?.url).toBe('https://i.scdn.co/image/x');
    expect(embed?.fields?.[0]).toMatchObject({ name: 'Album', value: 'Whenever (1987)' });
    expect(embed?.fields?.[1]?.value).toBe('no model yet');
    expect(allComponents(view).map((c) => ('label' in c ? c.label : ''))).toEqual([
      'Sublist number 1',
      'Sublist number 2',
      'Sublist number 3',
      'Skip',
      'Undo',
      'Stop',
    ]);
    expectWithinLimits(view);
  });

  it('adds Void for incomplete layers and Done for non-mutual ones, marks toggled sublists and shows the guess', () => {
    const toggled = { ...session, toggledSublistIds: [uuid(101)] };
    const view = labelCardView(
      card(20, false, false, { session: toggled, guess: { sublistIds: [uuid(100)], confidence: 0.834 } }),
    );
    const labels = allComponents(view).map((c) => ('label' in c ? c.label : ''));
    expect(labels.slice(-5)).toEqual(['Void', 'Done', 'Skip', 'Undo', 'Stop']);
    expect(view.components).toHaveLength(5);
    const second = allComponents(view)[1];
    expect(second && 'style' in second ? second.style : undefined).toBe(3);
    expect(view.embeds[0]?.fields?.find((f) => f.name === 'Model’s guess')?.value).toBe(
      'Sublist number 1 (83% sure)',
    );
    expectWithinLimits(view);
  });

  it('uses one select menu for more than 20 sublists, multi-select for non-mutual layers', () => {
    for (const mutual of [true, false]) {
      const view = labelCardView(card(24, mutual, false));
      const select = allComponents(view).find((c) => c.type === ComponentType.StringSelect);
      expect(select && select.type === ComponentType.StringSelect ? select.options : []).toHaveLength(24);
      expect(select && select.type === ComponentType.StringSelect ? select.max_values : 0).toBe(
        mutual ? 1 : 24,
      );
      expectWithinLimits(view);
    }
  });

  it('the answered view has no buttons and names the answer', () => {
    const view = answeredView({
      track: card(2, true, true).track,
      layer: layer(true, true),
      sublists: sublists(2),
      outcome: { kind: 'labeled', sublistIds: [uuid(101)] },
    });
    expect(view.components).toEqual([]);
    expect(view.embeds[0]?.fields?.at(-1)?.value).toBe('→ **Sublist number 2**');
    const voided = answeredView({
      track: undefined,
      layer: layer(true, false),
      sublists: [],
      outcome: { kind: 'labeled', sublistIds: [] },
    });
    expect(voided.embeds[0]?.fields?.at(-1)?.value).toBe('→ **void**');
  });
});

describe('other views', () => {
  it('sort summary: counts per sublist, void, an Undo button unless dry run', () => {
    const outcome = {
      runId: uuid(9),
      dryRun: false,
      perSublist: [{ name: 'Rock', added: 3, removed: 1, total: 10 }],
      voidCount: 2,
      uncertain: [{ trackName: 'A – B', sublistNames: ['Rock'], confidence: 0.51 }],
    };
    const view = sortSummaryView('Genres', outcome);
    expect(view.embeds[0]?.description).toBe('**Rock**: +3 −1 (now 10)\nvoid: 2');
    expect(allComponents(view).map((c) => ('custom_id' in c ? c.custom_id : ''))).toEqual([
      `ml1:su:${uuid(9).replaceAll('-', '')}`,
    ]);
    expect(sortSummaryView('Genres', { ...outcome, dryRun: true }).components).toEqual([]);
  });

  it('sort summary: whether it kept the dry run’s plan, or what changed since (issue 21 item 4)', () => {
    const outcome = { runId: uuid(9), dryRun: false, perSublist: [], voidCount: 0, uncertain: [] };
    const kept = sortSummaryView('Genres', { ...outcome, preview: { kept: true, changes: [] } });
    expect(kept.embeds[0]?.description).toBe('\nThe plan your last dry run showed: nothing changed since.');
    const changes = [
      { kind: 'retrained' as const },
      { kind: 'liked' as const, count: 3 },
      { kind: 'answers' as const, count: 1 },
      { kind: 'enriched' as const, count: 120 },
      { kind: 'precision-target' as const, from: 0.9, to: 0.8 },
    ];
    const anew = sortSummaryView('Genres', { ...outcome, preview: { kept: false, changes } });
    expect(anew.embeds[0]?.description).toBe(
      '\nNot the plan your last dry run showed: your model was retrained since the preview; 3 songs were ' +
        'liked since; 1 answer was given or changed since; audio features or tags arrived for 120 more ' +
        'songs since; the precision target went from 90% to 80%. Sorted anew.',
    );
    // A playlist motherlist (another layer's sublist, say) changes without a like.
    const playlist = sortSummaryView('Rock eras', {
      ...outcome,
      preview: {
        kept: false,
        changes: [
          { kind: 'arrived' as const, count: 7 },
          { kind: 'left' as const, count: 1 },
        ],
      },
    });
    expect(playlist.embeds[0]?.description).toBe(
      '\nNot the plan your last dry run showed: 7 songs came into the motherlist since; 1 song left the ' +
        'motherlist since. Sorted anew.',
    );
  });

  it('sort summary: a correction menu per least certain placement within 5 rows, label-only for a dry run, the chart as image', () => {
    const subs = sublists(30);
    const uncertain = Array.from({ length: 5 }, (_, i) => ({
      trackId: `t${i}`.padEnd(22, '0'),
      trackName: `Song ${i}`,
      sublistNames: i === 4 ? [] : [subs[i]?.name ?? ''],
      confidence: 0.4 + i / 100,
    }));
    const outcome = {
      runId: uuid(9),
      dryRun: false,
      perSublist: [],
      voidCount: 1,
      uncertain: [...uncertain, { trackName: 'No id', sublistNames: [], confidence: 0.6 }],
    };
    const extras = {
      layer: { layerId: uuid(1), complete: false, sublists: subs },
      chartName: 'sort-summary.png',
    };
    const real = sortSummaryView('Genres', outcome, extras);
    const ids = (view: View) =>
      allComponents(view).flatMap((c) => ('custom_id' in c && c.custom_id ? [c.custom_id] : []));
    const layer32 = uuid(1).replaceAll('-', '');
    // The Undo row and 4 menus: Discord's 5 rows.
    expect(real.components).toHaveLength(5);
    expect(ids(real)).toEqual([
      `ml1:su:${uuid(9).replaceAll('-', '')}`,
      ...[0, 1, 2, 3].map((i) => `ml1:mv:${layer32}:${uncertain[i]?.trackId}`),
    ]);
    const menu = real.components[1]?.components[0];
    if (menu?.type !== ComponentType.StringSelect) throw new Error('no menu');
    expect(menu.options).toHaveLength(25); // 24 sublists + Void
    expect(menu.options.at(-1)?.label).toBe('Void (no sublist)');
    expect(menu.options[0]?.description).toBe('where it is now');
    expect(menu.placeholder).toBe('Song 0 → Sublist number 1');
    expect(real.embeds[0]?.image?.url).toBe('attachment://sort-summary.png');
    expect(real.embeds[0]?.fields?.[0]?.value).toContain('it moves, and the model learns it');

    const dry = sortSummaryView('Genres', { ...outcome, dryRun: true }, extras);
    expect(ids(dry)).toEqual(uncertain.map((u) => `ml1:mv:${layer32}:${u.trackId}:l`));
    expect(dry.embeds[0]?.fields?.[0]?.value).toContain('kept as a label for the next `/sort`');
    const voidMenu = dry.components[4]?.components[0];
    if (voidMenu?.type !== ComponentType.StringSelect) throw new Error('no menu');
    expect(voidMenu.placeholder).toBe('Song 4 → void');

    const complete = sortSummaryView('Genres', outcome, {
      layer: { ...extras.layer, complete: true, sublists: subs.slice(0, 3) },
    });
    const options = complete.components[1]?.components[0];
    if (options?.type !== ComponentType.StringSelect) throw new Error('no menu');
    expect(options.options.map((o) => o.label)).toEqual(subs.slice(0, 3).map((s) => s.name));
    expect(complete.embeds[0]?.image).toBeUndefined();
  });

  it('train progress and result say how far enrichment is while it is still arriving', () => {
    const features = {
      songs: 486,
      withAudio: 120,
      withTags: 204,
      arriving: ['audio' as const, 'tags' as const],
    };
    const progress = trainProgressView('Moods', { fraction: 0.2, stage: 'training', features });
    expect(progress.content).toContain(
      'Enrichment of your library is still arriving: audio features for 120 of 486 songs, tags for 204 of 486 songs so far. This model learns from what is there now.',
    );
    const result = trainResultView('Moods', {
      version: 1,
      labelCount: 30,
      quality: 0.8,
      perSublist: [],
      features: { ...features, withTags: 40, arriving: ['audio'], uses: ['audio'] },
    });
    expect(result.embeds[0]?.description).toContain(
      'still arriving: audio features for 120 of 486 songs so far. This model learned from what was there; `/train` again when it is done',
    );
    expect(result.embeds[0]?.description).toContain(
      'It does not use tags yet: none of the songs you answered had them when it trained.',
    );
    // Enrichment complete and used: nothing said.
    const done = trainResultView('Moods', {
      version: 2,
      labelCount: 30,
      quality: 0.8,
      perSublist: [],
      features: { songs: 486, withAudio: 480, withTags: 300, arriving: [], uses: ['audio', 'tags'] },
    });
    expect(done.embeds[0]?.description).toBe('From 30 labels. Cross-validated quality (macro F1): **80%**.');
    expect(trainProgressView('Moods', { fraction: 0.2, stage: 'training' }).content).not.toContain(
      'arriving',
    );
  });

  it('train result shows quality and a confusion table', () => {
    const view = trainResultView('Genres', {
      version: 2,
      labelCount: 30,
      quality: 0.8,
      perSublist: [{ name: 'Rock', answers: 6, guesses: 5, precision: 1, recall: 0.8 }],
      confusion: {
        names: ['Rock', 'Jazz'],
        counts: [
          [5, 1],
          [0, 4],
        ],
      },
    });
    expect(view.embeds[0]?.description).toContain('**80%**');
    expect(view.embeds[0]?.description).toContain('rows: your answer, columns: the model’s guess');
  });

  it('a weak model’s train result says so plainly, why, and how many more answers would help', () => {
    const weak = trainResultView('Moods', {
      version: 1,
      labelCount: 30,
      quality: 0.09,
      perSublist: [],
      weak: {
        quality: 0.09,
        trivial: false,
        moreLabels: 25,
        thin: [
          { name: 'calm', labels: 1 },
          { name: 'void', labels: 4 },
        ],
      },
    });
    expect(weak.embeds[0]?.color).toBe(COLOUR.warn);
    expect(weak.embeds[0]?.description).toContain(
      '⚠️ **This model of Moods is weak**: tested on your own answers, its quality (macro F1) is 9%, below the 50% a useful model needs. Label about **25** more songs with `/label layer:Moods` (fewest answers: calm 1, void 4), then `/train` again.',
    );
    expect(weak.content).toContain('places only the songs this model is sure of');
    expect(weak.content).not.toContain('dry_run');
    const trivial = trainResultView('Moods', {
      version: 2,
      labelCount: 60,
      quality: 0.7,
      perSublist: [],
      weak: { quality: 0.7, trivial: true, moreLabels: 60, thin: [] },
    });
    expect(trivial.embeds[0]?.description).toContain(
      'it did no better than a trivial answer such as putting every song in the biggest sublist. Label about **60** more songs with `/label layer:Moods`, then',
    );
  });

  it('/help names every command and what /settings sets, the precision target included', () => {
    for (const command of [
      'link',
      'layer',
      'sublist',
      'import',
      'label',
      'train',
      'sort',
      'undo',
      'why',
      'status',
      'settings',
      'unlink',
    ])
      expect(HELP_TEXT).toContain(`\`/${command}`);
    expect(HELP_TEXT).toContain('public results');
    expect(HELP_TEXT).toContain('precision target');
    expect(HELP_TEXT).toContain('the last sort or sync');
  });

  it('a new sublist says a sort fills it only with answers before the model has learned it, and how to teach it', () => {
    const added = (adopted: boolean) =>
      sublistAddedView({
        layer: layer(true, true),
        sublist: sublists(1)[0] as Sublist,
        adopted,
        sublistCount: 3,
        hasModel: true,
      }).content;
    expect(added(false)).toContain(
      'Until the model has learned it, a sort puts in it only the songs you answered for it: answer a few with `/label layer:Genres`, then `/train`.',
    );
    expect(added(true)).toContain('(or `/import` what the playlist holds), then `/train`.');
  });

  it('a removed sublist of a complete layer says its songs answered only there now wait for a new answer', () => {
    const removed = (nowWaiting: number) =>
      sublistRemovedView({
        layer: layer(false, true),
        sublist: sublists(1)[0] as Sublist,
        forgottenLabels: nowWaiting,
        nowWaiting,
        detached: [],
      }).content;
    expect(removed(2)).toContain(
      '2 songs were in none of the other sublists by their answer, which a complete layer does not allow: they wait for a new answer (`/label layer:Genres` asks about them first), and a `/sort` places them only where the model is sure enough.',
    );
    expect(removed(1)).toContain('One song was in none of the other sublists by its answer');
    expect(removed(0)).not.toContain('wait');
  });

  it('status shows a DM refusal', () => {
    const view = statusView({
      ...viewStatus,
      dmFailure: { at: new Date(0), reason: 'Discord error 50007' },
      modelBackend: 'wasm',
    });
    expect(view.embeds[0]?.description).toContain('refused my last DM');
    expect(view.embeds[0]?.description).toContain('models on wasm');
  });

  it('DM views stay within 2,000 characters', () => {
    const long = dmView({ kind: 'text', text: 'x'.repeat(5000) });
    expect(long.content?.length).toBe(2000);
    const summary = dmView({
      kind: 'new-songs',
      layerName: 'Genres',
      placements: [{ sublistName: 'Rock', trackNames: Array.from({ length: 12 }, (_, i) => `T${i}`) }],
      voidCount: 1,
    });
    expect(summary.embeds[0]?.description).toBe(
      '**Rock** (12): T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, …\nvoid: 1',
    );
  });

  it('the DM of layers found in a circle names the sublists that close it, that syncs skip them and how to break it', () => {
    const view = dmView({
      kind: 'layers-in-circle',
      links: [
        { parent: 'Xmas', sublist: 'To yard', child: 'Yard' },
        { parent: 'Yard', sublist: 'To xmas', child: 'Xmas' },
      ],
    });
    expect(view.content).toBe(
      '⚠️ Some of your layers are in a circle: **Xmas** › To yard feeds **Yard**, **Yard** › To xmas feeds **Xmas**, so songs would go round. ' +
        'Syncs skip these layers until you change one (`/sublist remove` one of those sublists, or `/layer delete` a layer). ' +
        '`/status` and `/layer list` show it until then.',
    );
    expect(view.components).toEqual([]);
  });

  it('the new-songs DM lists the new likes that wait, with the best guess and how sure it is', () => {
    const view = dmView({
      kind: 'new-songs',
      layerName: 'Genres',
      placements: [],
      voidCount: 0,
      sublists: [{ id: uuid(2), name: 'Rock' }],
      waiting: [{ trackId: 'a', trackName: 'Artist – Maybe', sublistIds: [uuid(2)], confidence: 0.62 }],
      waitingCount: 3,
    });
    expect(view.embeds[0]?.description).toContain(
      '**Waiting for your answer** (3; not sure enough to place, `/label` asks about them first):\n• Artist – Maybe (best guess Rock, 62%)',
    );
  });

  const track = (n: number) => `t${n}`.padEnd(22, '0');
  /** A new-songs DM of layer uuid(1) with `count` sublists, placing nothing, with these waiting songs. */
  const waitingDm = (
    count: number,
    mode: { mutual: boolean; complete: boolean },
    waiting: { trackId: string; trackName: string; sublistIds: string[]; confidence: number }[],
  ) => ({
    kind: 'new-songs' as const,
    layerName: 'Genres',
    placements: [],
    voidCount: 0,
    layerId: uuid(1),
    sublists: sublists(count).map((s) => ({ id: s.id, name: s.name })),
    mode,
    waiting,
  });

  it('the new-songs DM gives waiting songs Place buttons and menus within 5 rows, beside the placed songs’ menus', () => {
    const waiting = Array.from({ length: 6 }, (_, i) => ({
      trackId: track(i),
      trackName: `Artist – Maybe ${i}`,
      sublistIds: i === 0 ? [] : [uuid(100), uuid(101)],
      confidence: 0.5,
    }));
    const message = { ...waitingDm(3, { mutual: false, complete: false }, waiting), waitingCount: 9 };
    const alone = dmView(message);
    // A row of 4 Place buttons and 4 menus: Discord's 5 rows.
    expect(alone.components).toHaveLength(5);
    const place = alone.components[0]?.components ?? [];
    expect(place.map((c) => ('label' in c ? c.label : ''))).toEqual([
      'Artist – Maybe 0 → the void',
      // Within Discord's 80 characters, a long guess clipped to 30.
      'Artist – Maybe 1 → Sublist number 1, Sublist num…',
      'Artist – Maybe 2 → Sublist number 1, Sublist num…',
      'Artist – Maybe 3 → Sublist number 1, Sublist num…',
    ]);
    const menu = alone.components[2]?.components[0];
    if (menu?.type !== ComponentType.StringSelect) throw new Error('no menu');
    // Non-mutual: several sublists at once; incomplete: the void too, as the best guess here or not.
    expect(menu.max_values).toBe(3);
    expect(menu.options.map((o) => [o.label, o.description])).toEqual([
      ['Sublist number 1', 'best guess, 50% sure'],
      ['Sublist number 2', 'best guess, 50% sure'],
      ['Sublist number 3', undefined],
      ['Void (no sublist)', undefined],
    ]);
    expect(alone.embeds[0]?.description).toContain('`/label` asks about the others.');

    const placed = Array.from({ length: 6 }, (_, i) => ({
      trackId: track(10 + i),
      trackName: `Sure ${i}`,
      sublistIds: [uuid(100)],
    }));
    const beside = dmView({ ...message, tracks: placed, mode: { mutual: true, complete: true } });
    // Two waiting songs (buttons + menus: 3 rows) and two placed songs' correction menus.
    expect(beside.components).toHaveLength(5);
    expect(beside.components[0]?.components).toHaveLength(2);
    const kinds = beside.components.map((row) =>
      row.components.map((c) => ('custom_id' in c ? c.custom_id.split(':')[1] : '')).join(),
    );
    expect(kinds).toEqual(['pw,pw', 'pw', 'pw', 'mv', 'mv']);
    const mutualMenu = beside.components[1]?.components[0];
    if (mutualMenu?.type !== ComponentType.StringSelect) throw new Error('no menu');
    expect(mutualMenu.max_values).toBe(1);
    expect(mutualMenu.options.map((o) => o.label)).not.toContain('Void (no sublist)');
    expect(beside.embeds[0]?.description).toContain('4 more can be corrected with `/why`');
  });

  it('the new-songs DM offers no Place for a waiting song guessed for a sublist whose playlist left the library', () => {
    const message = {
      ...waitingDm(2, { mutual: true, complete: true }, [
        { trackId: track(0), trackName: 'Gone', sublistIds: [uuid(100)], confidence: 0.9 },
        { trackId: track(1), trackName: 'Here', sublistIds: [uuid(101)], confidence: 0.5 },
      ]),
      waitingCount: 2,
      unlisted: { sublistNames: ['Sublist number 1'], songs: 1 },
      unlistedSublistIds: [uuid(100)],
    };
    const view = dmView(message);
    const ids = view.components.map((row) =>
      row.components.map((c) => ('custom_id' in c ? c.custom_id.split(':').slice(3).join(':') : '')).join(),
    );
    // One Place (Here's), then both menus: Gone can still be put elsewhere.
    expect(ids).toEqual([track(1), `${track(0)}:c`, `${track(1)}:c`]);
    const gone = view.components[1]?.components[0];
    if (gone?.type !== ComponentType.StringSelect) throw new Error('no menu');
    expect(gone.placeholder).toBe('Put Gone in…');
    const text = view.embeds[0]?.description ?? '';
    expect(text).toContain("Gone (best guess Sublist number 1, 90%; Sublist number 1's playlist is gone)");
    expect(text).toContain('Here (best guess Sublist number 2, 50%)');
    expect(text).toContain('has no **Place**: its menu puts it elsewhere');

    // Every shown song guessed there: no row of buttons at all.
    const alone = dmView({ ...message, waiting: message.waiting.slice(0, 1) });
    expect(alone.components).toHaveLength(1);
    expect(alone.components[0]?.components[0]?.type).toBe(ComponentType.StringSelect);
  });

  it('the new-songs DM sent after a sublist of a waiting song’s guess was removed offers its menu only', () => {
    // Owed since its sync, the DM goes out after /sublist remove took Sublist number 1 (uuid 100) away.
    const message = {
      ...waitingDm(2, { mutual: false, complete: false }, [
        { trackId: track(0), trackName: 'Gone', sublistIds: [uuid(100)], confidence: 0.9 },
        { trackId: track(1), trackName: 'Half', sublistIds: [uuid(101), uuid(100)], confidence: 0.6 },
        { trackId: track(2), trackName: 'Here', sublistIds: [uuid(101)], confidence: 0.5 },
      ]),
      waitingCount: 3,
    };
    message.sublists = message.sublists.filter((s) => s.id !== uuid(100));
    const view = dmView(message);
    const ids = view.components.map((row) =>
      row.components.map((c) => ('custom_id' in c ? c.custom_id.split(':').slice(3).join(':') : '')).join(),
    );
    // One Place (Here's), then every menu: Gone and Half are put where they go there.
    expect(ids).toEqual([track(2), `${track(0)}:c`, `${track(1)}:c`, `${track(2)}:c`]);
    const place = view.components[0]?.components[0];
    expect(place && 'label' in place ? place.label : '').toBe('Here → Sublist number 2');
    const half = view.components[2]?.components[0];
    if (half?.type !== ComponentType.StringSelect) throw new Error('no menu');
    expect(half.options.map((o) => o.label)).not.toContain('Sublist number 1');
    const text = view.embeds[0]?.description ?? '';
    expect(text).toContain('Gone (its best guess was a sublist removed since)');
    expect(text).toContain('Half (best guess Sublist number 2, 60%; a sublist of it was removed since)');
    expect(text).not.toContain('?');
    expect(text).toContain('A song guessed for a sublist removed since has no **Place**');
    expect(text).not.toContain('playlist no longer in your library');
  });

  it('no menu of the new-songs DM offers a sublist whose playlist left the library (a pick there is refused)', () => {
    const labelsOf = (view: View) =>
      allComponents(view).flatMap((c) =>
        c.type === ComponentType.StringSelect ? [c.options.map((o) => o.label)] : [],
      );
    const message = {
      ...waitingDm(3, { mutual: true, complete: true }, [
        { trackId: track(0), trackName: 'Gone', sublistIds: [uuid(100)], confidence: 0.9 },
        { trackId: track(1), trackName: 'Here', sublistIds: [uuid(101)], confidence: 0.5 },
      ]),
      tracks: [{ trackId: track(2), trackName: 'Placed', sublistIds: [uuid(102)] }],
      unlistedSublistIds: [uuid(100)],
    };
    const view = dmView(message);
    // Two waiting songs' menus and the placed song's.
    expect(labelsOf(view)).toEqual(Array(3).fill(['Sublist number 2', 'Sublist number 3']));
    expectWithinLimits(view);

    // Non-mutual and incomplete: as many picks as sublists offered, and the void.
    const several = dmView({ ...message, mode: { mutual: false, complete: false } });
    const menu = allComponents(several).find((c) => c.type === ComponentType.StringSelect);
    if (menu?.type !== ComponentType.StringSelect) throw new Error('no menu');
    expect(menu.max_values).toBe(2);
    expect(menu.options.map((o) => o.label)).toEqual([
      'Sublist number 2',
      'Sublist number 3',
      'Void (no sublist)',
    ]);

    // Every sublist gone in a complete layer: nothing a menu could offer, so no menu.
    const none = dmView({ ...message, unlistedSublistIds: [uuid(100), uuid(101), uuid(102)] });
    expect(none.components).toEqual([]);
  });

  it('the /sort summary’s move menus do not offer a sublist whose playlist left the library; a dry run’s label menus do', () => {
    const subs = sublists(3);
    const outcome = {
      runId: uuid(9),
      dryRun: false,
      perSublist: [],
      voidCount: 0,
      uncertain: [{ trackId: track(0), trackName: 'Song', sublistNames: [subs[1]!.name], confidence: 0.5 }],
      unlistedSublistIds: [subs[0]!.id],
    };
    const extras = { layer: { layerId: uuid(1), complete: true, sublists: subs } };
    const optionsOf = (view: View) => {
      const menu = allComponents(view).find((c) => c.type === ComponentType.StringSelect);
      if (menu?.type !== ComponentType.StringSelect) throw new Error('no menu');
      return menu.options.map((o) => o.label);
    };
    expect(optionsOf(sortSummaryView('Genres', outcome, extras))).toEqual([
      'Sublist number 2',
      'Sublist number 3',
    ]);
    // A label says where a song belongs, as in /label: kept, and placed once the playlist is back.
    expect(optionsOf(sortSummaryView('Genres', { ...outcome, dryRun: true }, extras))).toEqual(
      subs.map((s) => s.name),
    );
  });

  it('the /sort summary says how much was placed, how sure, and how much waits', () => {
    expect(
      confidenceLine({
        considered: 486,
        answered: 30,
        placed: 110,
        waiting: 346,
        expectedPrecision: 0.82,
        precisionTarget: 0.8,
        everything: false,
      }),
    ).toBe(
      'Placed 140 of 486 (30 by your answers), expected 82% right; 346 wait for your answers (the model is less than 80% sure of them): `/label` asks about them first.',
    );
  });
});

describe('a non-mutual guess of several sublists: how sure of each, as /why says it', () => {
  /** Sublists named with Discord's 100 characters each. */
  const long = (count: number): Sublist[] =>
    sublists(count).map((s, i) => ({
      ...s,
      name: `Sublist ${i + 1}, ${'a very long name '.repeat(7)}`.slice(0, 100),
    }));
  const membershipsOf = (ids: readonly string[]) =>
    Object.fromEntries(ids.map((id, i) => [id, Math.round((0.74 - i / 100) * 100) / 100]));
  const optionsWithin = (view: View) => {
    for (const c of allComponents(view)) {
      if ('label' in c && c.type === ComponentType.Button)
        expect(c.label?.length ?? 0).toBeLessThanOrEqual(80);
      if (c.type !== ComponentType.StringSelect) continue;
      for (const o of c.options) {
        expect(o.label.length).toBeLessThanOrEqual(100);
        expect(o.description?.length ?? 0).toBeLessThanOrEqual(100);
      }
    }
  };

  it('the /label card’s guess', () => {
    const guess = {
      sublistIds: [uuid(100), uuid(101)],
      confidence: 0.62,
      memberships: { [uuid(100)]: 0.74, [uuid(101)]: 0.5 },
    };
    const view = labelCardView(card(3, false, false, { guess }));
    expect(view.embeds[0]?.fields?.find((f) => f.name === 'Model’s guess')?.value).toBe(
      '74% sure of **Sublist number 1**, 50% sure of **Sublist number 2**',
    );

    // Twenty guessed sublists of 100 characters: within an embed field's 1,024, their names clipped.
    const subs = long(20);
    const many = {
      sublistIds: subs.map((s) => s.id),
      confidence: 0.7,
      memberships: membershipsOf(subs.map((s) => s.id)),
    };
    const field = labelCardView({
      ...card(20, false, false),
      sublists: subs,
      guess: many,
    }).embeds[0]?.fields?.find((f) => f.name === 'Model’s guess');
    expect(field?.value.length).toBeLessThanOrEqual(1024);
    expect(field?.value).toMatch(
      /^74% sure of \*\*Sublist 1, a very l…\*\*, 73% sure of \*\*Sublist 2, a very l…\*\*, /,
    );
    expect(field?.value).toMatch(/, 55% sure of \*\*Sublist 20, a very …\*\*$/);
  });

  it('the new-songs DM: its text and each guessed sublist of the menu', () => {
    const message = {
      kind: 'new-songs' as const,
      layerName: 'Genres',
      placements: [],
      voidCount: 0,
      layerId: uuid(1),
      sublists: sublists(3).map((s) => ({ id: s.id, name: s.name })),
      mode: { mutual: false, complete: false },
      waiting: [
        {
          trackId: '4uLU6hMCjMI75M1A2tKUQC',
          trackName: 'Maybe',
          sublistIds: [uuid(100), uuid(101)],
          confidence: 0.62,
          memberships: { [uuid(100)]: 0.74, [uuid(101)]: 0.5 },
        },
      ],
      waitingCount: 1,
    };
    const view = dmView(message);
    expect(view.embeds[0]?.description).toContain(
      'Maybe (best guess: 74% sure of **Sublist number 1**, 50% sure of **Sublist number 2**)',
    );
    const menu = allComponents(view).find((c) => c.type === ComponentType.StringSelect);
    if (menu?.type !== ComponentType.StringSelect) throw new Error('no menu');
    expect(menu.options.map((o) => [o.label, o.description])).toEqual([
      ['Sublist number 1', 'best guess: 74% sure of Sublist number 1'],
      ['Sublist number 2', 'best guess: 50% sure of Sublist number 2'],
      ['Sublist number 3', undefined],
      ['Void (no sublist)', undefined],
    ]);

    // Names of 100 characters, every sublist guessed: each description within Discord's 100.
    const subs = long(20);
    const ids = subs.map((s) => s.id);
    const longView = dmView({
      ...message,
      sublists: subs.map((s) => ({ id: s.id, name: s.name })),
      waiting: [{ ...message.waiting[0]!, sublistIds: ids, memberships: membershipsOf(ids) }],
    });
    optionsWithin(longView);
    expectWithinLimits(longView);
    const longMenu = allComponents(longView).find((c) => c.type === ComponentType.StringSelect);
    if (longMenu?.type !== ComponentType.StringSelect) throw new Error('no menu');
    expect(longMenu.options[0]?.description).toMatch(/^best guess: 74% sure of Sublist 1, a very long .+…$/);
    expect(longView.embeds[0]?.description).toMatch(/Maybe \(best guess: 74% sure of .+ and \d+ more\)/);
  });

  it('the /sort summary’s least sure placements', () => {
    const view = sortSummaryView('Genres', {
      runId: uuid(9),
      dryRun: false,
      perSublist: [],
      voidCount: 0,
      uncertain: [
        {
          trackName: 'Song',
          sublistNames: ['Rock', 'Jazz'],
          confidence: 0.87,
          sublistConfidences: [
            { sublistName: 'Rock', confidence: 0.9 },
            { sublistName: 'Jazz', confidence: 0.84 },
          ],
        },
        { trackName: 'Other', sublistNames: ['Rock'], confidence: 0.8 },
      ],
    });
    expect(view.embeds[0]?.fields?.[0]?.value).toBe(
      'Song → 90% sure of **Rock**, 84% sure of **Jazz**\nOther → Rock (80%)',
    );
  });
});
