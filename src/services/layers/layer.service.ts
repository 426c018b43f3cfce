import { layerCycles, type LayerCycle, type LayerGraph } from '../../core/layer-graph.js';
import type { Layer, Sublist } from '../../core/layer-records.js';
import { placementOfPicks, type Picks } from '../../core/layer.js';
import type { LabelStore, LayerLocks, LayerStore, SublistStore } from '../ports/layer.ports.js';
import { NotLinkedError, UserError } from '../errors.js';
import type { AccountDirectory, PlaylistDirectory } from '../ports/library.ports.js';
import {
  childrenOf,
  isLikedSongs,
  isOnlyLikedSongs,
  LIKED_SONGS,
  motherlistChoices,
  motherlistNameOf,
  resolveMotherlist,
  type Motherlist,
} from './motherlist-reference.js';
import type { PlaylistChoice } from './playlist-choices.js';
import { checkName } from './names.js';
import { ownLayer } from './own-layer.js';
import { requireLibraryRead, requireLinked } from '../account/require-linked.js';
import type { HandEditStore, PlaylistContentsStore } from '../ports/sort-run.ports.js';
import { requireMotherlistListed, unlistedMotherlists, unlistedSublists } from './unlisted-sublists.js';
import { handRemovals, type HandRemovals } from './hand-removals.js';
import { picksError } from './picks-error.js';
import { precisionTargetOf } from './precision-target.js';

export const MAX_LAYER_NAME = 50;
export const MAX_LAYERS_PER_USER = 25;

export interface CreateLayerInput {
  name: string;
  /**
   * `Liked Songs` (or empty); another layer's sublist (`Layer › Sublist`, or the sublist's name);
   * else a playlist link, URI, id or name the user owns.
   */
  motherlist?: string | undefined;
  mutual: boolean;
  complete: boolean;
}

export interface LayerOverview {
  layer: Layer;
  /** Undefined for a playlist with no name to show (`motherlistNameOf`). */
  motherlistName: string | undefined;
  sublists: Sublist[];
  labelCount: number;
  /** Songs taken out of a sublist by hand with no label: each is the answer "not there". */
  handRemovalCount: number;
  /**
   * Of those, in a complete layer, the songs now in none of its sublists (taken out of their only
   * one): the next sort places them where the model expects given that answer, or they wait.
   */
  unplacedRemovalCount: number;
  /**
   * Sublists whose playlist the last sync did not find among the user's own: deleted or unfollowed
   * in Spotify, or owned by another account than the linked one. A sync finds no hand edits in
   * them, and runs write nothing to them (`unlistedSublists`, the rule the planners use).
   */
  unlistedSublists: Sublist[];
  /**
   * The motherlist is a playlist the same rule leaves alone: syncs take no songs from it, and
   * /sort and /label of the layer are refused until it is back.
   */
  motherlistUnlisted?: boolean;
  /**
   * Items of a playlist motherlist that are no songs to sort (local files, podcast episodes,
   * unavailable items), as last read: left where they are. Absent when none.
   */
  motherlistUnsortable?: number;
  /**
   * The circle the layer is in, stored before adopting refused one: syncs skip its layers, which
   * would send songs round, until the user changes one. Absent when none.
   */
  cycle?: LayerCycle;
}

/** A layer about to be deleted, and the layers over its sublists that it stops feeding. */
export interface LayerDeletion {
  layer: Layer;
  /** Each keeps the sublist's playlist as its motherlist, which this layer no longer fills. */
  children: { child: string; sublist: string }[];
}

export interface LayerWithSublists {
  layer: Layer;
  sublists: Sublist[];
}

export class LayerService {
  constructor(
    private readonly deps: {
      layers: LayerStore;
      sublists: SublistStore;
      labels: LabelStore;
      handEdits: Pick<HandEditStore, 'listFor'>;
      /** What the sublists' playlists hold (as the last sync and the bot's writes left them). */
      contents: Pick<PlaylistContentsStore, 'contentsOf' | 'listedPlaylists'>;
      accounts: AccountDirectory;
      playlists: PlaylistDirectory;
      /** Layers hang on the users row, which linking normally creates. */
      users: { ensureUser(userId: string): Promise<void> };
      /** A run of the layer being written finishes before the layer is deleted. */
      locks: LayerLocks;
    },
  ) {}

  async create(userId: string, input: CreateLayerInput): Promise<LayerOverview> {
    await requireLinked(this.deps.accounts, userId);
    const name = checkName('layer', input.name, MAX_LAYER_NAME);
    if (await this.deps.layers.byName(userId, name)) {
      throw new UserError({ code: 'duplicate-layer', layerName: name });
    }
    const existing = await this.deps.layers.listFor(userId);
    if (existing.length >= MAX_LAYERS_PER_USER) {
      throw new UserError({ code: 'invalid-input', rule: 'too-many-layers', max: MAX_LAYERS_PER_USER });
    }
    const motherlist = await this.motherlistFor(userId, input.motherlist, existing);
    await this.deps.users.ensureUser(userId);
    // A new layer has no sublists yet, so over any sublist it cannot close a cycle: adopting
    // a playlist as a sublist is where SublistService refuses one.
    const layer = await this.deps.layers.create({
      userId,
      name,
      motherlistId: motherlist.id,
      mutual: input.mutual,
      complete: input.complete,
    });
    return {
      layer,
      motherlistName: motherlist.name,
      sublists: [],
      labelCount: 0,
      handRemovalCount: 0,
      unplacedRemovalCount: 0,
      unlistedSublists: [],
    };
  }

  /**
   * What `/layer create`'s motherlist names. "Likes" or "liked" mean Liked Songs unless the user
   * has a playlist or sublist of that name: Liked Songs is offered as its own choice, theirs only
   * by the name they gave it.
   */
  private async motherlistFor(
    userId: string,
    reference: string | undefined,
    existing: readonly Layer[],
  ): Promise<Motherlist> {
    if (isOnlyLikedSongs(reference)) return LIKED_SONGS;
    const shorthand = isLikedSongs(reference);
    if (shorthand) {
      const account = await this.deps.accounts.accountOf(userId);
      if (!account?.libraryRead.done) return LIKED_SONGS;
    } else {
      // Playlists are known once the library has been read: until then, say how far that is.
      await requireLibraryRead(this.deps.accounts, userId);
    }
    try {
      return resolveMotherlist(
        reference ?? '',
        await this.deps.playlists.ownedPlaylists(userId),
        await this.graphOf(userId, existing),
      );
    } catch (error) {
      if (shorthand && error instanceof UserError && error.code === 'playlist-not-owned') return LIKED_SONGS;
      throw error;
    }
  }

  /**
   * A layer by name. The link is checked first: before linking, "link first" says what to do,
   * where "no layer named …" would not.
   */
  async require(userId: string, name: string): Promise<Layer> {
    await this.requireAccount(userId);
    const layer = await this.deps.layers.byName(userId, name.trim());
    if (!layer) throw new UserError({ code: 'unknown-layer', layerName: name.trim() });
    return layer;
  }

  /**
   * Sets the share of a sort's written placements that should be right (`percent`, 50–99): the
   * higher, the fewer songs placed and the more that wait for an answer.
   */
  async setPrecisionTarget(userId: string, name: string, percent: number): Promise<Layer> {
    const precisionTarget = precisionTargetOf(percent);
    const layer = await this.require(userId, name);
    await this.deps.layers.setPrecisionTarget(layer.id, precisionTarget);
    return { ...layer, precisionTarget };
  }

  /** A layer with its sublists, or a user error naming the unknown layer. */
  async requireWithSublists(userId: string, name: string): Promise<LayerWithSublists> {
    const layer = await this.require(userId, name);
    return { layer, sublists: await this.deps.sublists.listFor(layer.id) };
  }

  /**
   * The layer and its sublists for work on the user's library (labeling, importing, sorting): a
   * user error, saying how far it is, while the first read of the library is under way.
   */
  async requireWithLibrary(userId: string, name: string): Promise<LayerWithSublists> {
    await requireLibraryRead(this.deps.accounts, userId);
    return this.requireWithSublists(userId, name);
  }

  /** `requireWithLibrary` for /label and /import: refused while the motherlist's playlist is unlisted. */
  async requireWithMotherlist(
    userId: string,
    name: string,
    work: 'label' | 'import',
  ): Promise<LayerWithSublists> {
    const found = await this.requireWithLibrary(userId, name);
    await requireMotherlistListed(this.deps.contents, userId, found.layer, work);
    return found;
  }

  /** `requireWithLibrary` for /sort: refused while the layer has no sublists or no labels to learn from. */
  async requireSortable(userId: string, name: string): Promise<LayerWithSublists> {
    const found = await this.requireWithLibrary(userId, name);
    if (found.sublists.length === 0) {
      throw new UserError({ code: 'no-sublists', layerName: found.layer.name, needed: 1, work: 'sort' });
    }
    if ((await this.deps.labels.count(found.layer.id)) === 0) {
      throw new UserError({ code: 'no-labels', layerName: found.layer.name, needed: 1, work: 'sort' });
    }
    return found;
  }

  async byIdWithSublists(layerId: string): Promise<LayerWithSublists | undefined> {
    const layer = await this.deps.layers.byId(layerId);
    return layer ? { layer, sublists: await this.deps.sublists.listFor(layer.id) } : undefined;
  }

  /** The user's layer a button or menu named, with its sublists (`nothing`: what the press would have done). */
  async pressed(userId: string, layerId: string, nothing?: 'placed' | 'moved'): Promise<LayerWithSublists> {
    const layer = ownLayer(await this.deps.layers.byId(layerId), userId, nothing);
    return { layer, sublists: await this.deps.sublists.listFor(layer.id) };
  }

  /**
   * A menu's answer for the user's layer, checked against the layer as it is now (the menu may be
   * older than a removed sublist): the sublists it places the song in, empty for the void.
   */
  async pressedAnswer(
    userId: string,
    layerId: string,
    picks: Picks,
    nothing: 'placed' | 'moved',
  ): Promise<LayerWithSublists & { chosen: Sublist[] }> {
    const found = await this.pressed(userId, layerId, nothing);
    const answer = placementOfPicks(
      found.layer.mode,
      found.sublists.map((s) => s.id),
      picks,
    );
    if ('problem' in answer) throw picksError(answer.problem, found, picks, nothing);
    const chosen = answer.placement.map((id) => found.sublists.find((s) => s.id === id));
    return { ...found, chosen: chosen.filter((s) => s !== undefined) };
  }

  /**
   * Of these sublists, those the planners' rule leaves alone now (a label-only menu's answer
   * naming one waits for it); none while that rule says nothing, as in `unlistedOf`.
   */
  async unlistedAmong(userId: string, sublists: readonly Sublist[]): Promise<Sublist[]> {
    if (sublists.length === 0 || !(await this.libraryReadDone(userId))) return [];
    return unlistedSublists(this.deps.contents, userId, sublists).catch(() => []);
  }

  /** Whether the layer's motherlist is a playlist the planners' rule leaves alone now (it reads as empty). */
  async motherlistUnlisted(userId: string, layer: Layer): Promise<boolean> {
    return (await unlistedMotherlists(this.deps.contents, userId, [layer])).length > 0;
  }

  /** `/layer list`: the layers, or "link first" before linking. */
  async listLinked(userId: string): Promise<LayerOverview[]> {
    await this.requireAccount(userId);
    return this.list(userId);
  }

  async list(userId: string): Promise<LayerOverview[]> {
    const graph = await this.graphOf(userId);
    if (graph.layers.length === 0) return [];
    const counts = await this.deps.labels.countsFor(userId);
    const owned = graph.layers.some((layer) => layer.motherlistId !== LIKED_SONGS.id)
      ? await this.deps.playlists.ownedPlaylists(userId).catch(() => [])
      : [];
    const { unlisted, motherlists } = await this.unlistedOf(userId, graph);
    const removals = new Map<string, HandRemovals>();
    for (const layer of graph.layers)
      removals.set(layer.id, await handRemovals(this.deps, layer, graph.sublistsOf.get(layer.id) ?? []));
    const cycles = layerCycles(graph);
    return graph.layers.map((layer) => {
      const sublists = [...(graph.sublistsOf.get(layer.id) ?? [])];
      const cycle = cycles.find((found) => found.layers.some((member) => member.id === layer.id));
      const unsortable = owned.find((playlist) => playlist.id === layer.motherlistId)?.unsortableItems ?? 0;
      return {
        layer,
        motherlistName: motherlistNameOf(layer.motherlistId, owned, graph),
        sublists,
        labelCount: counts.get(layer.id) ?? 0,
        handRemovalCount: removals.get(layer.id)?.count ?? 0,
        unplacedRemovalCount: removals.get(layer.id)?.unplaced ?? 0,
        unlistedSublists: sublists.filter((s) => unlisted.has(s.id)),
        ...(motherlists.has(layer.id) ? { motherlistUnlisted: true } : {}),
        ...(unsortable > 0 ? { motherlistUnsortable: unsortable } : {}),
        ...(cycle ? { cycle } : {}),
      };
    });
  }

  /**
   * The ids of the user's sublists that runs leave alone, by the planners' rule, and of the layers
   * whose motherlist it leaves alone; none while that says nothing: not linked, library not read
   * yet, or the copy unreadable.
   */
  private async unlistedOf(
    userId: string,
    graph: LayerGraph,
  ): Promise<{ unlisted: Set<string>; motherlists: Set<string> }> {
    if (!(await this.libraryReadDone(userId))) return { unlisted: new Set(), motherlists: new Set() };
    const sublists = [...graph.sublistsOf.values()].flat();
    const unlisted = await unlistedSublists(this.deps.contents, userId, sublists).catch(() => []);
    const motherlists = await unlistedMotherlists(this.deps.contents, userId, graph.layers).catch(() => []);
    return {
      unlisted: new Set(unlisted.map((s) => s.id)),
      motherlists: new Set(motherlists.map((l) => l.id)),
    };
  }

  /** The unlisted rule says nothing until the user's library has been read once (and not before linking). */
  private async libraryReadDone(userId: string): Promise<boolean> {
    return (await this.deps.accounts.accountOf(userId))?.libraryRead.done === true;
  }

  /** The circle the layer is in, if it is in one (`layerCycles`): /sort warns of it. */
  async cycleOf(userId: string, layer: Layer): Promise<LayerCycle | undefined> {
    return layerCycles(await this.graphOf(userId)).find((cycle) =>
      cycle.layers.some((member) => member.id === layer.id),
    );
  }

  /** The user's layers with their sublists, which say which layer feeds which. */
  async graphOf(userId: string, layers?: readonly Layer[]): Promise<LayerGraph> {
    const all = layers ?? (await this.deps.layers.listFor(userId));
    const sublistsOf = new Map<string, Sublist[]>();
    for (const layer of all) sublistsOf.set(layer.id, await this.deps.sublists.listFor(layer.id));
    return { layers: all, sublistsOf };
  }

  /** A layer to delete, with the layers over its sublists (`/layer delete` names them before asking). */
  async forDeletion(userId: string, name: string): Promise<LayerDeletion> {
    const layer = await this.require(userId, name);
    return { layer, children: childrenOf(layer, await this.graphOf(userId)) };
  }

  /**
   * Deletes the layer. Layers over its sublists are detached, not deleted: the sublists'
   * playlists stay in Spotify, so they keep them as motherlists with their labels and models, and
   * only stop receiving the songs this layer placed there.
   */
  async delete(userId: string, name: string): Promise<LayerDeletion> {
    const { layer } = await this.forDeletion(userId, name);
    // A run being written (a /sort, a sync) finishes first: deleted under it, it would go on
    // writing the layer's remaining steps to Spotify and fail on recording them.
    return this.deps.locks.whileLayersLocked([layer.id], async () => {
      const deletion = await this.forDeletion(userId, layer.name);
      await this.deps.layers.delete(deletion.layer.id);
      return deletion;
    });
  }

  /** Only a missing account: an expired link still shows and deletes layers; Spotify work says it expired. */
  private async requireAccount(userId: string): Promise<void> {
    if (!(await this.deps.accounts.accountOf(userId))) throw new NotLinkedError();
  }

  async names(userId: string, prefix: string): Promise<string[]> {
    const needle = prefix.trim().toLowerCase();
    const layers = await this.deps.layers.listFor(userId);
    return layers.map((layer) => layer.name).filter((name) => name.toLowerCase().includes(needle));
  }

  /**
   * `/layer create`'s motherlist choices: Liked Songs, the user's sublists, their playlists, from
   * the library as last read (no Spotify request). Until its first read is done, a playlist or a
   * sublist is refused ("still reading"), so only Liked Songs is offered.
   */
  async motherlistChoices(userId: string, typed: string): Promise<PlaylistChoice[]> {
    const account = await this.deps.accounts.accountOf(userId);
    if (!account?.libraryRead.done)
      return motherlistChoices(typed, [], { layers: [], sublistsOf: new Map() });
    const owned = await this.deps.playlists.ownedPlaylists(userId);
    return motherlistChoices(typed, owned, await this.graphOf(userId));
  }
}
