import type { Layer, Sublist } from '../core/layer-records.js';
import type { LabelRepository } from '../db/repositories/label.repository.js';
import type { SublistRepository } from '../db/repositories/sublist.repository.js';
import {
  InvalidInputError,
  PlaylistNotOwnedError,
  UnknownSublistError,
  UserError,
  UserErrorCode,
} from './errors.js';
import type { LayerService } from './layer.service.js';
import { checkName } from './layer.service.js';
import type { AccountDirectory, PlaylistDirectory } from './library-ports.js';
import { findOwnedPlaylist } from './playlist-reference.js';
import { requireLinked } from './require-linked.js';

/** A select menu holds 25 options; one is kept for the void. */
export const MAX_SUBLISTS_PER_LAYER = 24;
/** Button labels hold 80 characters; shorter names keep the label session readable. */
export const MAX_SUBLIST_NAME = 40;

export interface SublistAdded {
  layer: Layer;
  sublist: Sublist;
  /** True when an existing playlist was adopted, false when a new private one was created. */
  adopted: boolean;
}

export class SublistService {
  constructor(
    private readonly deps: {
      layers: LayerService;
      sublists: SublistRepository;
      labels: LabelRepository;
      accounts: AccountDirectory;
      playlists: PlaylistDirectory;
    },
  ) {}

  /** Adds a sublist backed by a playlist the user owns, or by a new private playlist named after it. */
  async add(userId: string, layerName: string, name: string, playlist?: string): Promise<SublistAdded> {
    await requireLinked(this.deps.accounts, userId);
    const { layer, sublists } = await this.deps.layers.requireWithSublists(userId, layerName);
    const sublistName = checkName('sublist', name, MAX_SUBLIST_NAME);
    if (sublistName.toLowerCase() === 'void') {
      throw new InvalidInputError('“void” is reserved for tracks that belong in no sublist.');
    }
    if (sublists.some((sublist) => sublist.name.toLowerCase() === sublistName.toLowerCase())) {
      throw new UserError(
        UserErrorCode.DuplicateSublist,
        `Layer “${layer.name}” already has a sublist “${sublistName}”.`,
      );
    }
    if (sublists.length >= MAX_SUBLISTS_PER_LAYER) {
      throw new InvalidInputError(`A layer has at most ${MAX_SUBLISTS_PER_LAYER} sublists.`);
    }
    let playlistId: string;
    const adopted = playlist !== undefined && playlist.trim() !== '';
    if (adopted) {
      const owned = findOwnedPlaylist(await this.deps.playlists.ownedPlaylists(userId), playlist);
      if (!owned) throw new PlaylistNotOwnedError(playlist);
      if (owned.id === layer.motherlistId) {
        throw new InvalidInputError('A sublist cannot be the layer’s own motherlist.');
      }
      if (sublists.some((sublist) => sublist.playlistId === owned.id)) {
        throw new UserError(
          UserErrorCode.DuplicateSublist,
          `“${owned.name}” already backs a sublist of this layer.`,
        );
      }
      playlistId = owned.id;
    } else {
      playlistId = (await this.deps.playlists.createPrivatePlaylist(userId, sublistName)).id;
    }
    const sublist = await this.deps.sublists.add(layer.id, sublistName, playlistId);
    return { layer, sublist, adopted };
  }

  /** Removes the sublist from the layer (its Spotify playlist stays) and forgets answers naming it. */
  async remove(
    userId: string,
    layerName: string,
    name: string,
  ): Promise<{ layer: Layer; sublist: Sublist; forgottenLabels: number }> {
    const { layer, sublists } = await this.deps.layers.requireWithSublists(userId, layerName);
    const sublist = sublists.find((candidate) => candidate.name.toLowerCase() === name.trim().toLowerCase());
    if (!sublist) throw new UnknownSublistError(name.trim(), layer.name);
    const forgottenLabels = await this.deps.labels.deleteNaming(layer.id, sublist.id);
    await this.deps.sublists.delete(sublist.id);
    return { layer, sublist, forgottenLabels };
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
