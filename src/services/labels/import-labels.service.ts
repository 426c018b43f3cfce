import type { Layer } from '../../core/layer-records.js';
import { placementProblem } from '../../core/layer.js';
import type { LabelStore } from '../ports/layer.ports.js';
import type { LayerService } from '../layers/layer.service.js';
import type { MotherlistReader, PlaylistDirectory } from '../ports/library.ports.js';
import { UserError } from '../errors.js';

export interface ImportResult {
  layer: Layer;
  /** Tracks that got a label from the sublists' current contents. */
  imported: number;
  /** Tracks already answered in a label session or a correction: left as they were. */
  keptAnswers: number;
  /** Tracks in several sublists of a mutual layer: no label, the person decides. */
  conflicts: number;
  /** Sublist tracks that are not in the motherlist: ignored. */
  outsideMotherlist: number;
  /** Local files, podcast episodes and unavailable items in the sublists: left where they are. */
  unsortableItems: number;
  perSublist: { name: string; tracks: number }[];
}

/** Turns what the user already sorted by hand (the sublists' playlists) into labels. */
export class ImportLabelsService {
  constructor(
    private readonly deps: {
      layers: LayerService;
      labels: LabelStore;
      playlists: PlaylistDirectory;
      motherlists: MotherlistReader;
    },
  ) {}

  async importInto(userId: string, layerName: string): Promise<ImportResult> {
    const { layer, sublists } = await this.deps.layers.requireWithMotherlist(userId, layerName, 'import');
    if (sublists.length === 0) {
      throw new UserError({ code: 'no-sublists', layerName: layer.name, needed: 1, work: 'import' });
    }
    const motherlist = new Set(await this.deps.motherlists.trackIds(userId, layer.motherlistId));
    const placements = new Map<string, string[]>();
    const outside = new Set<string>();
    const perSublist: ImportResult['perSublist'] = [];
    let unsortableItems = 0;
    for (const sublist of sublists) {
      const contents = await this.deps.playlists.playlistContents(userId, sublist.playlistId);
      unsortableItems += contents.unsortableItems;
      const trackIds = new Set(contents.trackIds);
      perSublist.push({ name: sublist.name, tracks: trackIds.size });
      for (const trackId of trackIds) {
        if (!motherlist.has(trackId)) {
          outside.add(trackId);
          continue;
        }
        placements.set(trackId, [...(placements.get(trackId) ?? []), sublist.id]);
      }
    }
    const labels: { trackId: string; sublistIds: string[] }[] = [];
    let conflicts = 0;
    for (const [trackId, sublistIds] of placements) {
      if (placementProblem(layer.mode, sublistIds) === 'mutual') conflicts += 1;
      else labels.push({ trackId, sublistIds });
    }
    const imported = await this.deps.labels.putMany(layer.id, labels, 'import', [
      'session',
      'correction',
      'hand-edit',
    ]);
    return {
      layer,
      imported,
      keptAnswers: labels.length - imported,
      conflicts,
      outsideMotherlist: outside.size,
      unsortableItems,
      perSublist,
    };
  }
}
