import { type LayerGraph, layersFedBy } from '../../core/layer-graph.js';
import type { Layer, Sublist } from '../../core/layer-records.js';
import type { LabelStore, LayerLocks, SublistStore, WaitingStore } from '../ports/layer.ports.js';
import type { SortRunStore, SortStepStore } from '../ports/sort-run.ports.js';
import { UserError } from '../errors.js';
import type { LayerService } from './layer.service.js';
import type { AccountDirectory, PlaylistDirectory } from '../ports/library.ports.js';
import { checkName } from './names.js';
import { childrenOf } from './motherlist-reference.js';
import { findOwnedPlaylist, notOwnedError } from './playlist-reference.js';
import {
  bestMatchesFirst,
  playlistChoiceName,
  withIdHints,
  type PlaylistChoice,
} from './playlist-choices.js';
import { requireLibraryRead, requireLinked } from '../account/require-linked.js';
import type { ModelDirectory } from '../account/status.service.js';

/** A select menu holds 25 options; one is kept for the void. */
export const MAX_SUBLISTS_PER_LAYER = 24;
/** Button labels hold 80 characters; shorter names keep the label session readable. */
export const MAX_SUBLIST_NAME = 40;

export interface SublistAdded {
  layer: Layer;
  sublist: Sublist;
  /** True when an existing playlist was adopted, false when a new private one was created. */
  adopted: boolean;
  /** The layer's sublists with this one: /label needs two. */
  sublistCount: number;
  /** The layer has a trained model (without one, /sort refuses it). */
  hasModel: boolean;
}

export interface SublistRemoved {
  layer: Layer;
  sublist: Sublist;
  forgottenLabels: number;
  /**
   * A complete layer's songs whose forgotten answer named only the sublist: in none of the others
   * by that answer, which the layer does not allow, so they wait for a new one.
   */
  nowWaiting: number;
  /** Names of the layers over the sublist: they keep its playlist as their motherlist. */
  detached: string[];
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare;

const duplicateName = (layer: Layer, name: string): UserError =>
  new UserError({ code: 'duplicate-sublist', by: 'name', name, layerName: layer.name });

/** Whether songs the layer places in the playlist would come back to it through a motherlist. */
const feedsBack = (layer: Layer, playlistId: string, graph: LayerGraph): boolean =>
  playlistId === layer.motherlistId || layersFedBy(playlistId, graph).some((fed) => fed.id === layer.id);

/**
 * A playlist becomes a sublist only if the songs the layer places there cannot come back to
 * it: not its own motherlist, nor that of a layer it feeds, directly or down the chain.
 */
const refuseCycle = (layer: Layer, playlist: { id: string; name: string }, graph: LayerGraph): void => {
  if (playlist.id === layer.motherlistId) {
    throw new UserError({
      code: 'layer-cycle',
      playlistName: playlist.name,
      layerName: layer.name,
      through: [],
    });
  }
  if (!feedsBack(layer, playlist.id, graph)) return;
  const through = graph.layers
    .filter((other) => other.motherlistId === playlist.id)
    .map((other) => other.name);
  throw new UserError({ code: 'layer-cycle', playlistName: playlist.name, layerName: layer.name, through });
};

/**
 * One layer writes a playlist: a playlist backing a sublist of another layer would be sorted by
 * both, each taking out what the other put in at every /sort (a child layer adopting its parent's
 * other sublist put the parent's songs in two of its mutual sublists, which the parent undid).
 */
const refuseSharedPlaylist = (
  layer: Layer,
  playlist: { id: string; name: string },
  graph: LayerGraph,
): void => {
  for (const other of graph.layers) {
    if (other.id === layer.id) continue;
    const sublist = (graph.sublistsOf.get(other.id) ?? []).find((s) => s.playlistId === playlist.id);
    if (sublist)
      throw new UserError({
        code: 'playlist-in-use',
        playlistName: playlist.name,
        layerName: other.name,
        sublistName: sublist.name,
      });
  }
};

export class SublistService {
  constructor(
    private readonly deps: {
      layers: LayerService;
      sublists: SublistStore;
      labels: LabelStore;
      accounts: AccountDirectory;
      playlists: PlaylistDirectory;
      /** A run of the layer being written finishes before the sublist is removed. */
      locks: LayerLocks;
      /** The layer's runs not finished yet (held back by Spotify's limit) and their journaled steps. */
      runs: Pick<SortRunStore, 'unfinishedFor'>;
      steps: Pick<SortStepStore, 'listFor'>;
      /**
       * A complete layer's songs left with no answer and in no sublist wait for a new answer; the
       * waiting songs' guesses drop the sublist.
       */
      waiting: Pick<WaitingStore, 'record' | 'countFor' | 'forgetSublist'>;
      /** A sublist added to a layer with no model yet is told the next step, not what a sort does. */
      models: ModelDirectory;
    },
  ) {}

  /** Adds a sublist backed by a playlist the user owns, or by a new private playlist named after it. */
  async add(userId: string, layerName: string, name: string, playlist?: string): Promise<SublistAdded> {
    const added = await this.addSublist(userId, layerName, name, playlist);
    return { ...added, hasModel: (await this.deps.models.activeModel(added.layer)) !== undefined };
  }

  private async addSublist(
    userId: string,
    layerName: string,
    name: string,
    playlist: string | undefined,
  ): Promise<Omit<SublistAdded, 'hasModel'>> {
    await requireLinked(this.deps.accounts, userId);
    const { layer, sublists } = await this.deps.layers.requireWithSublists(userId, layerName);
    const sublistName = checkName('sublist', name, MAX_SUBLIST_NAME);
    if (sublistName.toLowerCase() === 'void') {
      throw new UserError({ code: 'invalid-input', rule: 'void-reserved' });
    }
    if (sublists.some((sublist) => sublist.name.toLowerCase() === sublistName.toLowerCase())) {
      throw duplicateName(layer, sublistName);
    }
    if (sublists.length >= MAX_SUBLISTS_PER_LAYER) {
      throw new UserError({ code: 'invalid-input', rule: 'too-many-sublists', max: MAX_SUBLISTS_PER_LAYER });
    }
    const adopted = playlist !== undefined && playlist.trim() !== '';
    if (adopted) {
      // The user's playlists are known once the library has been read: until then, say how far.
      await requireLibraryRead(this.deps.accounts, userId);
      const owned = findOwnedPlaylist(await this.deps.playlists.ownedPlaylists(userId), playlist);
      if (!owned) throw notOwnedError(await this.deps.playlists.followedPlaylists(userId), playlist);
      const graph = await this.deps.layers.graphOf(userId);
      refuseCycle(layer, owned, graph);
      refuseSharedPlaylist(layer, owned, graph);
      if (sublists.some((sublist) => sublist.playlistId === owned.id)) {
        throw new UserError({
          code: 'duplicate-sublist',
          by: 'playlist',
          name: owned.name,
          layerName: layer.name,
        });
      }
      const sublist = await this.deps.sublists.add(layer.id, sublistName, owned.id);
      await this.recheckAdoption(userId, layer, owned, sublist);
      return { layer, sublist, adopted, sublistCount: sublists.length + 1 };
    }
    const created = await this.deps.playlists.createPrivatePlaylist(userId, sublistName);
    try {
      return {
        layer,
        sublist: await this.deps.sublists.add(layer.id, sublistName, created.id),
        adopted,
        sublistCount: sublists.length + 1,
      };
    } catch (error) {
      const stored = await this.deps.sublists.byName(layer.id, sublistName);
      // The insert went through though its answer was lost: the sublist and its playlist stand.
      if (stored?.playlistId === created.id)
        return { layer, sublist: stored, adopted, sublistCount: sublists.length + 1 };
      // Nothing may stay behind in Spotify for a sublist that does not exist. When this fails too,
      // the error reported is the first one.
      await this.deps.playlists.discardCreatedPlaylist(userId, created.id).catch(() => undefined);
      // A second /sublist add of the same name at the same moment got there first.
      if (stored) throw duplicateName(layer, sublistName);
      throw error;
    }
  }

  /**
   * The adoption checked again with its sublist stored: another made at the same moment (a
   * second command) was checked before this one was stored, and together the two may close a
   * circle or have two layers write one playlist. The one that sees the other takes its sublist
   * back out and is refused: the later of the two always sees the earlier (rarely, both do).
   */
  private async recheckAdoption(
    userId: string,
    layer: Layer,
    playlist: { id: string; name: string },
    sublist: Sublist,
  ): Promise<void> {
    const graph = await this.deps.layers.graphOf(userId);
    const own = (graph.sublistsOf.get(layer.id) ?? []).filter((s) => s.id !== sublist.id);
    const before = { ...graph, sublistsOf: new Map(graph.sublistsOf).set(layer.id, own) };
    try {
      refuseCycle(layer, playlist, before);
      refuseSharedPlaylist(layer, playlist, before);
    } catch (error) {
      await this.deps.sublists.delete(sublist.id);
      throw error;
    }
  }

  /**
   * Removes the sublist from the layer (its Spotify playlist stays) and from the answers naming it
   * (see LabelStore.forgetSublist), forgetting those it leaves without an answer.
   * Layers over the sublist keep its playlist as their motherlist (see LayerService.delete).
   */
  async remove(userId: string, layerName: string, name: string): Promise<SublistRemoved> {
    const found = await this.deps.layers.requireWithSublists(userId, layerName);
    // A run being written (a /sort, a sync) finishes first: it would go on adding songs to the
    // playlist of a sublist removed under it.
    return this.deps.locks.whileLayersLocked([found.layer.id], async () => {
      const { layer, sublists } = await this.deps.layers.requireWithSublists(userId, found.layer.name);
      const sublist = sublists.find(
        (candidate) => candidate.name.toLowerCase() === name.trim().toLowerCase(),
      );
      if (!sublist)
        throw new UserError({ code: 'unknown-sublist', sublistName: name.trim(), layerName: layer.name });
      if (await this.writesPendingTo(layer.id, sublist.id))
        throw new UserError({ code: 'sublist-pending', layerName: layer.name, sublistName: sublist.name });
      const detached = childrenOf(layer, await this.deps.layers.graphOf(userId), sublist.id).map(
        (link) => link.child,
      );
      // A non-mutual answer says, sublist by sublist, in or not: what it said of the others stays,
      // and one that named only this sublist said "in none of the others", the void of an
      // incomplete layer. A mutual answer was one choice, gone with the sublist: the void is a
      // class of its own there, which the user did not choose.
      // In a complete layer such a song is in none of the other sublists by its answer, and may not
      // be nowhere: the answer cannot stand, and no sort may place the song by the model alone as
      // if it had never been answered. It waits, least sure of all, for a new answer (as a song
      // taken out of every sublist by hand does); a sort places it when the model is sure enough.
      const onlyThere = layer.mode.complete
        ? (await this.deps.labels.listFor(layer.id))
            .filter((label) => label.sublistIds.length === 1 && label.sublistIds[0] === sublist.id)
            .map((label) => label.trackId)
        : [];
      const waitingBefore = onlyThere.length > 0 ? await this.deps.waiting.countFor(layer.id) : 0;
      const { forgotten: forgottenLabels } = await this.deps.labels.forgetSublist(layer.id, sublist.id, {
        keepVoid: !layer.mode.mutual && !layer.mode.complete,
      });
      // A waiting song guessed for it keeps its other guessed sublists (a mutual guess of it alone
      // is no guess: its DM's menu, not its Place, answers it); a Place shown with it is refused.
      await this.deps.waiting.forgetSublist(layer.id, sublist.id);
      await this.deps.sublists.delete(sublist.id);
      if (onlyThere.length === 0) return { layer, sublist, forgottenLabels, nowWaiting: 0, detached };
      await this.deps.waiting.record(layer.id, {
        replace: false,
        add: onlyThere.map((trackId) => ({ trackId, guess: [], confidence: 0 })),
        remove: [],
      });
      const nowWaiting = (await this.deps.waiting.countFor(layer.id)) - waitingBefore;
      return { layer, sublist, forgottenLabels, nowWaiting, detached };
    });
  }

  /**
   * Whether a run of the layer not finished yet (Spotify's limit held it back, or a crash cut it
   * short) still has steps to write to the sublist's playlist, which it would write even once the
   * sublist is gone: the steps carry the playlist.
   */
  private async writesPendingTo(layerId: string, sublistId: string): Promise<boolean> {
    for (const run of await this.deps.runs.unfinishedFor(layerId)) {
      const steps = await this.deps.steps.listFor(run.id);
      if (steps.some((step) => !step.done && step.sublistId === sublistId)) return true;
    }
    return false;
  }

  /**
   * `/sublist add`'s playlist choices: the user's own playlists as their library was last read (no
   * Spotify request), best matches first, each chosen by its id, since two may share a name. Left
   * out are those `add` refuses: a playlist behind a sublist already and, for the layer named, one
   * whose songs would come back to it. None before the first read of the library is done: what is
   * stored by then is only a part, and `add` says how far the read is.
   */
  async playlistChoices(userId: string, layerName: string, typed: string): Promise<PlaylistChoice[]> {
    const account = await this.deps.accounts.accountOf(userId);
    if (!account?.libraryRead.done) return [];
    const graph = await this.deps.layers.graphOf(userId);
    const wanted = layerName.trim().toLowerCase();
    const layer = graph.layers.find((candidate) => candidate.name.toLowerCase() === wanted);
    const backing = new Set([...graph.sublistsOf.values()].flat().map((sublist) => sublist.playlistId));
    const adoptable = (await this.deps.playlists.ownedPlaylists(userId))
      .filter((playlist) => !backing.has(playlist.id) && !(layer && feedsBack(layer, playlist.id, graph)))
      .sort((a, b) => byName(a.name, b.name) || (a.id < b.id ? -1 : 1));
    const choices = adoptable.map((playlist) => ({ name: playlistChoiceName(playlist), value: playlist.id }));
    return bestMatchesFirst(
      withIdHints(choices, new Set(adoptable.map((playlist) => playlist.id))),
      typed,
      (text) => text.trim().toLowerCase(),
    );
  }

  async names(userId: string, layerName: string, prefix: string): Promise<string[]> {
    const needle = prefix.trim().toLowerCase();
    try {
      const { sublists } = await this.deps.layers.requireWithSublists(userId, layerName);
      return sublists
        .map((sublist) => sublist.name)
        .filter((sublistName) => sublistName.toLowerCase().includes(needle));
    } catch {
      return [];
    }
  }
}
