import type { Layer } from '../../core/layer-records.js';
import { UserError } from '../errors.js';
import type { WaitingStore } from '../ports/layer.ports.js';
import { ownLayer } from '../layers/own-layer.js';
import type { RunResult } from './run-summary.js';
import type { SortRunService } from './sort-run.service.js';

export interface WaitingPlacementDeps {
  layers: { byId(id: string): Promise<Layer | undefined> };
  /** The layer's waiting songs (the waiting-track repository). */
  waiting: Pick<WaitingStore, 'byTrack' | 'record'>;
  /** Track names ("Artist – Title"), for the message that says where the song went. */
  names: { namesOf(trackIds: readonly string[]): Promise<Map<string, string>> };
  /**
   * Writes the placement through the journaled sort run, which stores it as a `correction` label
   * once written and queues a retraining once enough answers came in (SortRunService).
   */
  corrections: Pick<SortRunService, 'correctPlacement'>;
}

export interface PlacedWaiting {
  result: RunResult;
  trackName: string;
  /** Where it went (empty = the void). */
  sublistIds: string[];
}

/**
 * The Place button and menu of a song a sync left waiting (new-songs DM): the user's choice, or
 * the model's best guess, placed as their answer.
 */
export class WaitingPlacementService {
  constructor(private readonly deps: WaitingPlacementDeps) {}

  /** `sublistIds` undefined: where the model guessed. */
  async place(
    userId: string,
    layerId: string,
    trackId: string,
    sublistIds?: readonly string[],
  ): Promise<PlacedWaiting> {
    ownLayer(await this.deps.layers.byId(layerId), userId, 'placed');
    const waiting = await this.deps.waiting.byTrack(layerId, trackId);
    const named = (await this.deps.names.namesOf([trackId])).get(trackId);
    if (!waiting)
      throw new UserError({ code: 'stale-component', what: 'no-longer-waits', trackName: named ?? null });
    // Its Place was shown with the whole guess, a sublist of which was removed since: what it
    // named cannot be done, and the rest of it is not what the user pressed.
    if (!sublistIds && waiting.trimmed)
      throw new UserError({ code: 'stale-component', what: 'guess-removed', trackName: named ?? null });
    const trackName = named ?? 'That song';
    const target = [...(sublistIds ?? waiting.guess)];
    const result = await this.deps.corrections.correctPlacement(userId, layerId, trackId, target);
    // The label already ends its wait (waiting songs exclude answered ones); this keeps the table
    // tidy. A Place the mutual check refused stores no label, but the song is in a sublist (put there
    // by hand): it waits no longer either.
    await this.deps.waiting.record(layerId, { replace: false, add: [], remove: [trackId] });
    return { result, trackName, sublistIds: target };
  }
}
