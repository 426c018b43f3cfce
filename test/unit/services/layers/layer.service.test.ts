import { beforeAll, describe, expect, it } from 'vitest';
import type { Sublist } from '../../../../src/core/layer-records.js';
import { UserErrorCode } from '../../../../src/services/errors.js';
import { SpotifySideDouble } from '../../../support/bot/spotify-side-double.js';
import { LabelService } from '../../../../src/services/labels/label.service.js';
import { createMemoryBotServices, type MemoryBotServiceSet } from '../../../support/memory-bot-services.js';

const problemOf = async (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => undefined,
    (error: { problem?: unknown }) => error.problem ?? String(error),
  );

const codeOf = async (work: Promise<unknown>): Promise<string | undefined> =>
  work.then(
    () => undefined,
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('layer and sublist services', () => {
  let set: MemoryBotServiceSet;
  const spotify = new SpotifySideDouble();

  beforeAll(async () => {
    set = createMemoryBotServices(spotify, 10);
    spotify.link('u1');
    spotify.link('u2');
  });

  it('creates layers with unique (case-insensitive) names and checks names', async () => {
    const { layers } = set.services;
    const created = await layers.create('u1', { name: '  Genres  ', mutual: true, complete: false });
    expect(created.layer).toMatchObject({
      name: 'Genres',
      motherlistId: 'liked',
      mode: { mutual: true, complete: false },
    });
    expect(await codeOf(layers.create('u1', { name: 'genres', mutual: true, complete: true }))).toBe(
      UserErrorCode.DuplicateLayer,
    );
    expect(await codeOf(layers.create('u1', { name: ' ', mutual: true, complete: true }))).toBe(
      UserErrorCode.InvalidInput,
    );
    expect(await codeOf(layers.create('u1', { name: 'x'.repeat(51), mutual: true, complete: true }))).toBe(
      UserErrorCode.InvalidInput,
    );
    // Another user may use the same name.
    await layers.create('u2', { name: 'Genres', mutual: false, complete: true });
    expect(await layers.names('u1', 'GEN')).toEqual(['Genres']);
    expect(await codeOf(layers.require('u1', 'Nope'))).toBe(UserErrorCode.UnknownLayer);
  });

  it('resolves a motherlist by link, URI, id or name, only among owned playlists', async () => {
    const { layers } = set.services;
    const owned = spotify.addPlaylist('u1', 'Everything I Like');
    spotify.addPlaylist('u2', 'Not Yours');
    for (const [name, reference] of [
      ['ByLink', `https://open.spotify.com/playlist/${owned}?si=abc`],
      ['ByUri', `spotify:playlist:${owned}`],
      ['ById', owned],
      ['ByName', 'everything i like'],
    ] as const) {
      const created = await layers.create('u1', {
        name,
        motherlist: reference,
        mutual: true,
        complete: true,
      });
      expect(created.layer.motherlistId).toBe(owned);
      expect(created.motherlistName).toBe('Everything I Like');
    }
    expect(
      await codeOf(
        layers.create('u1', { name: 'Theirs', motherlist: 'Not Yours', mutual: true, complete: true }),
      ),
    ).toBe(UserErrorCode.PlaylistNotOwned);
    expect(
      await codeOf(
        layers.create('u1', {
          name: 'Missing',
          motherlist: 'https://open.spotify.com/playlist/0000000000000000000000',
          mutual: true,
          complete: true,
        }),
      ),
    ).toBe(UserErrorCode.PlaylistNotOwned);
    expect(await codeOf(layers.require('u1', 'Theirs'))).toBe(UserErrorCode.UnknownLayer);
  });

  it('"Likes" and "liked" name the user’s own playlist of that name, else Liked Songs; "Liked Songs" is always Liked Songs', async () => {
    const { layers } = set.services;
    spotify.link('u-likes');
    const create = (name: string, motherlist: string) =>
      layers.create('u-likes', { name, motherlist, mutual: true, complete: true });
    expect((await create('Before', 'likes')).layer.motherlistId).toBe('liked');
    const likes = spotify.addPlaylist('u-likes', 'Likes');
    const named = spotify.addPlaylist('u-likes', 'Liked Songs');
    const mine = await create('Mine', ' likes ');
    expect(mine.layer.motherlistId).toBe(likes);
    expect(mine.motherlistName).toBe('Likes');
    expect((await create('Shorthand', 'Liked')).layer.motherlistId).toBe('liked');
    expect((await create('Spotify’s', 'Liked Songs')).layer.motherlistId).toBe('liked');
    expect((await create('Empty', '')).layer.motherlistId).toBe('liked');
    expect((await create('By link', named)).layer.motherlistId).toBe(named);
  });

  it('adds sublists (create or adopt), refuses duplicates, the motherlist, void and others’ playlists', async () => {
    const { sublists } = set.services;
    const created = await sublists.add('u1', 'Genres', 'Rock');
    expect(created).toMatchObject({ adopted: false, sublistCount: 1 });
    expect(spotify.playlists.get(created.sublist.playlistId)).toMatchObject({ owner: 'u1', name: 'Rock' });
    const jazz = spotify.addPlaylist('u1', 'Jazz Hands');
    const adopted = await sublists.add('u1', 'Genres', 'Jazz', 'Jazz Hands');
    expect(adopted).toMatchObject({
      adopted: true,
      sublist: { playlistId: jazz, position: 1 },
      sublistCount: 2,
    });
    expect(await codeOf(sublists.add('u1', 'Genres', 'rock'))).toBe(UserErrorCode.DuplicateSublist);
    expect(await codeOf(sublists.add('u1', 'Genres', 'Jazz 2', jazz))).toBe(UserErrorCode.DuplicateSublist);
    expect(await codeOf(sublists.add('u1', 'Genres', 'Void'))).toBe(UserErrorCode.InvalidInput);
    expect(await codeOf(sublists.add('u1', 'Genres', 'Stolen', 'Not Yours'))).toBe(
      UserErrorCode.PlaylistNotOwned,
    );
    expect(await codeOf(sublists.add('u1', 'ById', 'Self', 'Everything I Like'))).toBe(
      UserErrorCode.LayerCycle,
    );
    expect(await codeOf(sublists.add('u1', 'Nope', 'X'))).toBe(UserErrorCode.UnknownLayer);
    expect(await sublists.names('u1', 'Genres', 'j')).toEqual(['Jazz']);
  });

  it('a playlist named by a name two of the user’s playlists share is refused, not picked at random; its link chooses', async () => {
    const { layers, sublists } = set.services;
    const first = spotify.addPlaylist('u1', 'Chill');
    const second = spotify.addPlaylist('u1', 'chill');
    expect(await problemOf(sublists.add('u1', 'Genres', 'Calm', 'Chill'))).toEqual({
      code: 'ambiguous-playlist',
      playlist: 'Chill',
      count: 2,
    });
    expect(
      await codeOf(
        layers.create('u1', { name: 'Chilled', motherlist: 'chill', mutual: true, complete: true }),
      ),
    ).toBe(UserErrorCode.AmbiguousPlaylist);
    const adopted = await sublists.add('u1', 'Genres', 'Calm', `spotify:playlist:${second}`);
    expect(adopted.sublist.playlistId).toBe(second);
    const created = await layers.create('u1', {
      name: 'Chilled',
      motherlist: `https://open.spotify.com/playlist/${first}`,
      mutual: true,
      complete: true,
    });
    expect(created.layer.motherlistId).toBe(first);
    await sublists.remove('u1', 'Genres', 'Calm');
    await layers.delete('u1', 'Chilled');
  });

  it('a short share link (spotify.link), which only Spotify’s redirect can read, is refused as such, not as someone else’s playlist', async () => {
    const { layers, sublists } = set.services;
    const short = 'https://spotify.link/Ab3dE5fG7h';
    expect(await problemOf(sublists.add('u1', 'Genres', 'Mobile', short))).toEqual({
      code: 'invalid-input',
      rule: 'short-link',
      kind: 'playlist',
    });
    expect(
      await problemOf(
        layers.create('u1', { name: 'Mobile', motherlist: short, mutual: true, complete: true }),
      ),
    ).toEqual({ code: 'invalid-input', rule: 'short-link', kind: 'playlist' });
  });

  it('while a run of the layer is being written past the wait, /layer delete and /sublist remove say busy and change nothing', async () => {
    const { layers, sublists } = set.services;
    await layers.create('u1', { name: 'Busy', mutual: true, complete: true });
    await sublists.add('u1', 'Busy', 'Loud');
    spotify.layersBusy = true;
    try {
      expect(await codeOf(sublists.remove('u1', 'Busy', 'Loud'))).toBe(UserErrorCode.Busy);
      expect(await codeOf(layers.delete('u1', 'Busy'))).toBe(UserErrorCode.Busy);
    } finally {
      spotify.layersBusy = false;
    }
    expect(await sublists.names('u1', 'Busy', '')).toEqual(['Loud']);
    await sublists.remove('u1', 'Busy', 'Loud');
    await layers.delete('u1', 'Busy');
    expect(await codeOf(layers.require('u1', 'Busy'))).toBe(UserErrorCode.UnknownLayer);
  });

  it('a sublist a sort held back by Spotify’s limit still has to write to is not removed until that is written', async () => {
    const { layers, sublists } = set.services;
    const { layer } = await layers.create('u1', { name: 'Held', mutual: true, complete: true });
    const { sublist } = await sublists.add('u1', 'Held', 'Later');
    await sublists.add('u1', 'Held', 'Other');
    const run = await set.runs.runs.create(
      { layerId: layer.id, modelId: null, kind: 'sort', status: 'planned', summary: {} },
      [{ sublistId: sublist.id, playlistId: sublist.playlistId, action: 'add', trackIds: ['t1'] }],
    );
    await set.runs.runs.setStatus(run.id, 'applying');
    expect(await problemOf(sublists.remove('u1', 'Held', 'Later'))).toEqual({
      code: 'sublist-pending',
      layerName: 'Held',
      sublistName: 'Later',
    });
    // Another sublist, which the run does not write to, goes.
    await sublists.remove('u1', 'Held', 'Other');
    for (const step of await set.runs.steps.listFor(run.id)) await set.runs.steps.markDone(step.id, null);
    await sublists.remove('u1', 'Held', 'Later');
    expect(await sublists.names('u1', 'Held', '')).toEqual([]);
    await layers.delete('u1', 'Held');
  });

  it('removing a sublist of a mutual layer forgets the labels that name it; deleting a layer deletes its sublists and labels', async () => {
    const { layers, sublists } = set.services;
    const labels = new LabelService(set.stores.labels);
    const { layer, sublists: all } = await layers.requireWithSublists('u1', 'Genres');
    const [rock, jazz] = all;
    if (!rock || !jazz) throw new Error('missing sublists');
    await labels.record(layer, all, 'a'.repeat(22), [rock.id], 'session');
    await labels.record(layer, all, 'b'.repeat(22), [jazz.id], 'session');
    await labels.record(layer, all, 'c'.repeat(22), [], 'session');
    expect(await codeOf(labels.record(layer, all, 'd'.repeat(22), [rock.id, jazz.id], 'session'))).toBe(
      UserErrorCode.InvalidInput,
    );
    const removed = await sublists.remove('u1', 'Genres', 'ROCK');
    expect(removed.forgottenLabels).toBe(1);
    expect(await labels.labeledTrackIds(layer.id)).toEqual(['b'.repeat(22), 'c'.repeat(22)]);
    expect(await codeOf(sublists.remove('u1', 'Genres', 'Rock'))).toBe(UserErrorCode.UnknownSublist);
    await layers.delete('u1', 'Genres');
    expect(await set.stores.labels.count(layer.id)).toBe(0);
    expect(await set.stores.sublists.listFor(layer.id)).toEqual([]);
  });

  it('removing a sublist of a non-mutual layer keeps the other sublists of each answer; an answer left with none is the void where the layer has one', async () => {
    const { layers, sublists } = set.services;
    const labels = new LabelService(set.stores.labels);
    const [a, b, c] = ['a', 'b', 'c'].map((letter) => letter.repeat(22)) as [string, string, string];
    const answersAfterRemovingJazz = async (name: string, complete: boolean) => {
      const { layer } = await layers.create('u1', { name, mutual: false, complete });
      for (const sublist of ['Rock', 'Jazz', 'Pop']) await sublists.add('u1', name, sublist);
      const { sublists: all } = await layers.requireWithSublists('u1', name);
      const [rock, jazz] = all;
      if (!rock || !jazz) throw new Error('missing sublists');
      await labels.record(layer, all, a, [rock.id, jazz.id], 'session');
      await labels.record(layer, all, b, [jazz.id], 'session');
      await labels.record(layer, all, c, [rock.id], 'session');
      const removed = await sublists.remove('u1', name, 'Jazz');
      const answers = new Map(
        (await set.stores.labels.listFor(layer.id)).map((label) => [label.trackId, label.sublistIds]),
      );
      const waiting = await set.stores.waiting.listFor(layer.id);
      await layers.delete('u1', name);
      return {
        forgotten: removed.forgottenLabels,
        nowWaiting: removed.nowWaiting,
        answers,
        waiting,
        rock: rock.id,
      };
    };

    // [Rock, Jazz] still says "in Rock"; [Jazz] said "not in Rock, not in Pop": the void, an answer here.
    const incomplete = await answersAfterRemovingJazz('Scenes', false);
    expect(incomplete.forgotten).toBe(0);
    expect(incomplete.nowWaiting).toBe(0);
    expect(incomplete.waiting).toEqual([]);
    expect(incomplete.answers).toEqual(
      new Map([
        [a, [incomplete.rock]],
        [b, []],
        [c, [incomplete.rock]],
      ]),
    );
    // A complete layer has no void: the answer that named only Jazz goes, and its song, in none of
    // the other sublists by that answer, waits for a new one, asked first (least sure of all) rather
    // than left to the model as if never answered.
    const complete = await answersAfterRemovingJazz('Styles', true);
    expect(complete.forgotten).toBe(1);
    expect(complete.nowWaiting).toBe(1);
    expect(complete.waiting).toEqual([{ trackId: b, guess: [], confidence: 0 }]);
    expect(complete.answers).toEqual(
      new Map([
        [a, [complete.rock]],
        [c, [complete.rock]],
      ]),
    );
  });

  it('removing a sublist of a mutual complete layer: the songs answered only there wait for a new answer', async () => {
    const { layers, sublists } = set.services;
    const labels = new LabelService(set.stores.labels);
    const { layer } = await layers.create('u1', { name: 'Parts', mutual: true, complete: true });
    for (const sublist of ['Rock', 'Jazz']) await sublists.add('u1', 'Parts', sublist);
    const { sublists: all } = await layers.requireWithSublists('u1', 'Parts');
    const [rock, jazz] = all as [Sublist, Sublist];
    await labels.record(layer, all, 'a'.repeat(22), [rock.id], 'session');
    await labels.record(layer, all, 'b'.repeat(22), [jazz.id], 'session');
    const removed = await sublists.remove('u1', 'Parts', 'Jazz');
    expect(removed).toMatchObject({ forgottenLabels: 1, nowWaiting: 1 });
    expect(await set.stores.waiting.listFor(layer.id)).toEqual([
      { trackId: 'b'.repeat(22), guess: [], confidence: 0 },
    ]);
    await layers.delete('u1', 'Parts');
  });

  it('refuses everything before linking', async () => {
    expect(await codeOf(set.services.layers.create('u3', { name: 'A', mutual: true, complete: true }))).toBe(
      UserErrorCode.NotLinked,
    );
    spotify.accounts.set('u3', {
      displayName: 'x',
      status: 'expired',
      linkedAt: new Date(),
      lastSyncAt: null,
      libraryRead: { done: true },
    });
    expect(await codeOf(set.services.layers.create('u3', { name: 'A', mutual: true, complete: true }))).toBe(
      UserErrorCode.LinkExpired,
    );
  });

  it('a button or menu names the user’s layer: a stranger’s press learns nothing, a deleted layer is stale', async () => {
    const { layers } = set.services;
    const { layer } = await layers.create('u1', { name: 'Pressed', mutual: true, complete: false });
    expect((await layers.pressed('u1', layer.id)).layer.id).toBe(layer.id);
    expect(await problemOf(layers.pressed('u2', layer.id, 'placed'))).toEqual({ code: 'not-yours' });
    await layers.delete('u1', 'Pressed');
    expect(await problemOf(layers.pressed('u1', layer.id, 'moved'))).toEqual({
      code: 'stale-component',
      what: 'layer-gone',
      nothing: 'moved',
    });
    expect(await problemOf(layers.pressed('u2', layer.id))).toEqual({
      code: 'stale-component',
      what: 'layer-gone',
    });
  });

  it('a menu’s answer is checked against the layer as it is now: its sublists and its mode', async () => {
    const { layers, sublists } = set.services;
    const { layer } = await layers.create('u1', { name: 'Answers', mutual: true, complete: true });
    const pop = (await sublists.add('u1', 'Answers', 'Pop')).sublist;
    const rap = (await sublists.add('u1', 'Answers', 'Rap')).sublist;
    const answer = (picks: { void: boolean; sublistIds: string[]; names?: ReadonlyMap<string, string> }) =>
      layers.pressedAnswer('u1', layer.id, picks, 'moved');
    expect((await answer({ void: false, sublistIds: [pop.id] })).chosen).toEqual([pop]);
    expect(await problemOf(answer({ void: true, sublistIds: [] }))).toEqual({
      code: 'stale-component',
      what: 'layer-complete-now',
    });
    expect(await problemOf(answer({ void: false, sublistIds: [pop.id, rap.id] }))).toEqual({
      code: 'invalid-input',
      rule: 'placement',
      layerName: 'Answers',
      problem: 'mutual',
    });
    expect(await problemOf(answer({ void: true, sublistIds: [pop.id] }))).toEqual({
      code: 'invalid-input',
      rule: 'void-alone',
    });
    await sublists.remove('u1', 'Answers', 'Rap');
    // Named as the menu showed it: the layer no longer knows the sublist.
    expect(
      await problemOf(answer({ void: false, sublistIds: [rap.id], names: new Map([[rap.id, 'Rap']]) })),
    ).toEqual({
      code: 'stale-component',
      what: 'sublist-gone',
      nothing: 'moved',
      layerName: 'Answers',
      sublistNames: ['Rap'],
    });
    expect(await problemOf(answer({ void: false, sublistIds: [rap.id] }))).toEqual({
      code: 'stale-component',
      what: 'sublist-gone',
      nothing: 'moved',
      layerName: 'Answers',
      sublistNames: [],
    });
    expect(
      await problemOf(layers.pressedAnswer('u2', layer.id, { void: false, sublistIds: [pop.id] }, 'placed')),
    ).toEqual({
      code: 'not-yours',
    });
    await layers.delete('u1', 'Answers');
  });
});

describe('one layer writes a playlist', () => {
  it('refuses a playlist that backs another layer’s sublist: the two would undo each other’s sorts', async () => {
    const spotify = new SpotifySideDouble();
    const { services } = createMemoryBotServices(spotify, 10);
    spotify.link('u1');
    const mode = { mutual: true, complete: true };
    await services.layers.create('u1', { name: 'Genres', ...mode });
    await services.layers.create('u1', { name: 'Moods', ...mode });
    const chill = spotify.addPlaylist('u1', 'Chill');
    await services.sublists.add('u1', 'Genres', 'Chill', 'Chill');
    expect(await problemOf(services.sublists.add('u1', 'Moods', 'Calm', chill))).toEqual({
      code: 'playlist-in-use',
      playlistName: 'Chill',
      layerName: 'Genres',
      sublistName: 'Chill',
    });
    expect((await services.layers.requireWithSublists('u1', 'Moods')).sublists).toEqual([]);
    // A sublist of that name gets a playlist of its own; the layer's own sublist is still the
    // duplicate it was.
    expect((await services.sublists.add('u1', 'Moods', 'Chill')).adopted).toBe(false);
    expect(await codeOf(services.sublists.add('u1', 'Genres', 'Again', chill))).toBe(
      UserErrorCode.DuplicateSublist,
    );
  });
});
