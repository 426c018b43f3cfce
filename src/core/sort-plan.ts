import { type LayerMode, type Placement, placementProblem } from './layer.js';

/** What the plan wants for one track of the motherlist, and how sure it is. */
export interface DesiredPlacement {
  placement: Placement;
  /** 0..1; labels count as 1. */
  confidence: number;
  source: 'label' | 'model';
  /** A non-mutual layer's model guess: the probability of each sublist of the placement, by id. */
  memberships?: Record<string, number>;
  /**
   * Sublists the model is sure of neither way (a non-mutual layer's partly sure track): the plan
   * leaves the track in or out of them as it is.
   */
  unsure?: readonly string[];
}

export interface SortPlanInput {
  mode: LayerMode;
  /** The layer's sublists in display order. */
  sublistIds: readonly string[];
  /** Desired placement of each track to (re)place; tracks absent here are left where they are. */
  desired: ReadonlyMap<string, DesiredPlacement>;
  /** What each sublist's playlist holds now. */
  contents: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per sublist, the tracks the user removed by hand: the bot never puts them back. */
  handRemoved: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per sublist, the tracks the user added by hand: the bot never takes them out. */
  handAdded: ReadonlyMap<string, ReadonlySet<string>>;
  /** Tracks that left the motherlist; they leave every sublist when `removeDeparted` is on. */
  departed: ReadonlySet<string>;
  removeDeparted: boolean;
}

export interface SublistChange {
  sublistId: string;
  add: string[];
  remove: string[];
}

export type HeldBackReason = 'removed-by-hand' | 'added-by-hand';

export interface HeldBack {
  trackId: string;
  sublistId: string;
  reason: HeldBackReason;
}

export interface SortPlan {
  /** One entry per sublist with something to do, in the layer's sublist order. */
  changes: SublistChange[];
  /** Where each desired track ends up once the plan is applied (empty = the void). */
  placements: Map<string, Placement>;
  /** Changes the plan wanted but that a hand edit forbids. */
  heldBack: HeldBack[];
}

const has = (map: ReadonlyMap<string, ReadonlySet<string>>, sublistId: string, trackId: string): boolean =>
  map.get(sublistId)?.has(trackId) ?? false;

/**
 * Turns desired placements into per-sublist adds and removes that make the playlists match,
 * without ever undoing what the user did by hand. Pure: same input, same plan.
 */
export const buildSortPlan = (input: SortPlanInput): SortPlan => {
  const known = new Set(input.sublistIds);
  const adds = new Map<string, string[]>(input.sublistIds.map((id) => [id, []]));
  const removes = new Map<string, string[]>(input.sublistIds.map((id) => [id, []]));
  const placements = new Map<string, Placement>();
  const heldBack: HeldBack[] = [];

  for (const [trackId, want] of input.desired) {
    const problem = placementProblem(input.mode, want.placement);
    if (problem) throw new Error(`placement of ${trackId}: ${problem}`);
    for (const sublistId of want.placement) {
      if (!known.has(sublistId))
        throw new Error(`placement of ${trackId} names unknown sublist ${sublistId}`);
    }
    const wanted = new Set(want.placement);
    const unsure = new Set(want.unsure ?? []);
    const final: string[] = [];
    for (const sublistId of input.sublistIds) {
      const present = has(input.contents, sublistId, trackId);
      if (unsure.has(sublistId) && !wanted.has(sublistId)) {
        if (present) final.push(sublistId);
      } else if (wanted.has(sublistId)) {
        if (present) final.push(sublistId);
        else if (has(input.handRemoved, sublistId, trackId)) {
          heldBack.push({ trackId, sublistId, reason: 'removed-by-hand' });
        } else {
          adds.get(sublistId)?.push(trackId);
          final.push(sublistId);
        }
      } else if (present) {
        if (has(input.handAdded, sublistId, trackId)) {
          heldBack.push({ trackId, sublistId, reason: 'added-by-hand' });
          final.push(sublistId);
        } else removes.get(sublistId)?.push(trackId);
      }
    }
    placements.set(trackId, final);
  }

  if (input.removeDeparted) {
    for (const trackId of input.departed) {
      if (input.desired.has(trackId)) continue;
      for (const sublistId of input.sublistIds) {
        if (!has(input.contents, sublistId, trackId)) continue;
        if (has(input.handAdded, sublistId, trackId)) {
          heldBack.push({ trackId, sublistId, reason: 'added-by-hand' });
        } else removes.get(sublistId)?.push(trackId);
      }
    }
  }

  const changes = input.sublistIds
    .map((sublistId) => ({ sublistId, add: adds.get(sublistId) ?? [], remove: removes.get(sublistId) ?? [] }))
    .filter((change) => change.add.length > 0 || change.remove.length > 0);
  return { changes, placements, heldBack };
};

/** Applies a plan to contents: what the playlists hold once every step is done. */
export const applySortPlan = (
  contents: ReadonlyMap<string, ReadonlySet<string>>,
  changes: readonly SublistChange[],
): Map<string, Set<string>> => {
  const result = new Map<string, Set<string>>([...contents].map(([id, tracks]) => [id, new Set(tracks)]));
  for (const change of changes) {
    const tracks = result.get(change.sublistId) ?? new Set<string>();
    for (const trackId of change.remove) tracks.delete(trackId);
    for (const trackId of change.add) tracks.add(trackId);
    result.set(change.sublistId, tracks);
  }
  return result;
};

/** Counts per sublist and the void of the placements a plan produces. */
export const countPlacements = (
  sublistIds: readonly string[],
  placements: ReadonlyMap<string, Placement>,
): { perSublist: Record<string, number>; void: number } => {
  const perSublist: Record<string, number> = Object.fromEntries(sublistIds.map((id) => [id, 0]));
  let voidCount = 0;
  for (const placement of placements.values()) {
    if (placement.length === 0) voidCount++;
    for (const sublistId of placement) perSublist[sublistId] = (perSublist[sublistId] ?? 0) + 1;
  }
  return { perSublist, void: voidCount };
};
