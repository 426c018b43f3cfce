import type { DryRunPromise, PreviewCheck } from '../../core/dry-run-promise.js';
import type { Placement } from '../../core/layer.js';
import type { Sublist, WaitingTrack } from '../../core/layer-records.js';
import type { SortRun } from '../../core/run-records.js';
import { type DesiredPlacement, type SortPlan, applySortPlan } from '../../core/sort-plan.js';
import { type PlannedStep, stepsOfChanges } from '../../core/sort-steps.js';
import type { LeftMotherlist, RefusedPlacement, SortConfidence, UnlistedHeld } from '../ports/model-ports.js';
import type { HeldBy } from '../ports/notifier.js';

/** A model guess a summary names: a non-mutual layer's with the probability of each sublist (by id). */
interface GuessedSong {
  trackId: string;
  trackName: string;
  sublistIds: string[];
  confidence: number;
  memberships?: Record<string, number>;
}

/** What a run did, stored with it for summaries, DMs and the chart. */
export interface RunSummary {
  perSublist: { sublistId: string; name: string; added: number; removed: number; total: number }[];
  /** Tracks the run placed in no sublist. */
  voidCount: number;
  /** The least certain placements the model made, least certain first. */
  uncertain: GuessedSong[];
  /** Every track the run placed and where (the sync DM lists them). */
  placed: { trackId: string; trackName: string; sublistIds: string[] }[];
  /** Changes that hand edits forbade. */
  heldBack: number;
  /** How much the model placed and how sure it is; absent in runs without model guesses. */
  confidence?: SortConfidence;
  /** The first songs left waiting for an answer, least sure first (the sync DM lists them). */
  waiting?: GuessedSong[];
  /** A dry run's: what it decided from and the placements it showed, for the next `/sort`. */
  promise?: DryRunPromise;
  /** A `/sort` after a dry run: whether it kept that plan, or what changed since. */
  preview?: PreviewCheck;
  /**
   * Songs the run did not place because their placement names a sublist whose playlist is no longer
   * in the user's library (the model's guesses among them wait).
   */
  unlisted?: UnlistedHeld;
  /**
   * The layer's sublists whose playlists were not in the user's library when the run was planned:
   * a waiting song guessed for one of them gets no Place button in the new-songs DM.
   */
  unlistedSublistIds?: string[];
  /** An undo run's: the runs it reverts (the run and the corrections made on it since). */
  reverted?: string[];
  /** An undo run's: songs it did not put back because they are no longer in the motherlist. */
  leftMotherlist?: LeftMotherlist;
  /**
   * A run that will not finish: the reference its error was logged with, and (a sync run's) the
   * new likes it could not place, which wait from then on with the place it meant for them (how
   * many, and the first ones as `waiting` keeps them). `ourError`: it failed on every try for a
   * cause of ours (run-applier.ts, RUN_APPLY_TRIES), not because Spotify refused it; absent in
   * runs stored before, which were all refusals. `unremoved` (a sync run's): the departed songs
   * it did not take out, each with how many sync runs in a row failed to (run-applier.ts,
   * REMOVAL_TRIES).
   */
  failed?: {
    reference: string;
    unplacedCount: number;
    unplaced: WaitingSong[];
    ourError?: true;
    unremoved?: UnremovedSong[];
  };
  /**
   * Songs the mutual check kept out of the sublist the run meant for them (mutual-guard.ts):
   * another sublist of the layer holds them already, and they stay there. `perSublist`,
   * `placed`, `uncertain` and `confidence` count them where they are, not where they were meant.
   */
  refused?: RefusedSong[];
  /**
   * A resumed run's: songs whose write an earlier attempt made and the user reversed by hand
   * before the run finished (reversed-by-hand.ts); the run left them as the user did. `action` is
   * the step's: an `add`'s song the user took out is not counted placed (`perSublist`, `placed`,
   * `uncertain`, `confidence`), a `remove`'s song the user put back is counted there, not removed;
   * each counts in `heldBack`, as a hand edit a plan keeps to does.
   */
  reversedByHand?: ReversedSong[];
  /** A correction run's: the answer it stores once it has placed the song (run-applier.ts). */
  answer?: CorrectionAnswer;
  /**
   * A /sort, /undo or correction whose command the process stopped in (a deploy) or died in: the
   * next start finished it, and its owed DM says it was cut short by a restart.
   */
  restarted?: true;
  /** A /sort, /undo or correction Spotify's limit held back: its owed DM says so. */
  spotifyLimit?: true;
}

/** What held a run back (`restarted`, `spotifyLimit`), kept when its summary is replaced (an undo's plan). */
export const heldMarks = (summary: unknown): Pick<RunSummary, 'restarted' | 'spotifyLimit'> => {
  const { restarted, spotifyLimit } = (summary ?? {}) as Partial<RunSummary>;
  return { ...(restarted ? { restarted } : {}), ...(spotifyLimit ? { spotifyLimit } : {}) };
};

/**
 * What its owed DM says held a run back: a restart first (its command got no answer), else
 * Spotify's limit; nothing when neither is known (tried again after a failure).
 */
export const heldByOf = (summary: unknown): { heldBy?: HeldBy } => {
  const { restarted, spotifyLimit } = heldMarks(summary);
  if (restarted) return { heldBy: 'restart' };
  return spotifyLimit ? { heldBy: 'spotify-limit' } : {};
};

/**
 * Where the user said a song goes, and the label it replaces as it was then (null: none). The
 * run stores it as a `correction` label once the song is written there, not when the mutual
 * check refused it, nor over an answer given since (the label no longer the one it replaces).
 */
export interface CorrectionAnswer {
  trackId: string;
  sublistIds: string[];
  replaces: { sublistIds: string[]; source: string; updatedAt: string } | null;
}

/** A departed song a failed sync run did not take out, and the sync runs in a row that did not. */
export interface UnremovedSong {
  trackId: string;
  tries: number;
}

/** A song of a run's `action` step for `sublistId` whose write the user reversed by hand. */
export interface ReversedSong {
  trackId: string;
  sublistId: string;
  action: 'add' | 'remove';
}

/** A song the mutual check kept out of `sublistId`: `heldIn`, the layer's other sublists holding it. */
export interface RefusedSong {
  trackId: string;
  trackName: string;
  sublistId: string;
  heldIn: string[];
}

/** A waiting song as a summary lists it. */
export type WaitingSong = NonNullable<RunSummary['waiting']>[number];

export interface RunResult {
  run: SortRun;
  summary: RunSummary;
}

/** A journaled step with the playlist it writes. */
export type JournalStep = PlannedStep & { playlistId: string };

const UNCERTAIN_SHOWN = 5;
const PLACED_KEPT = 200;
export const WAITING_KEPT = 25;

export const emptySummary = (): RunSummary => ({
  perSublist: [],
  voidCount: 0,
  uncertain: [],
  placed: [],
  heldBack: 0,
});

/** The tracks a run's stored summary says it placed (the void included). */
export const placedTrackIds = (summary: unknown): string[] => {
  const placed = (summary as Partial<RunSummary> | null)?.placed;
  return Array.isArray(placed) ? placed.map((p) => p.trackId) : [];
};

/** A run's placed tracks by sublist name, in the sublists' order (sublists it placed nothing in left out). */
export const placementsBySublist = (
  sublists: readonly { id: string; name: string }[],
  placed: RunSummary['placed'],
): { sublistName: string; trackNames: string[] }[] =>
  sublists
    .map((s) => ({
      sublistName: s.name,
      trackNames: placed.filter((p) => p.sublistIds.includes(s.id)).map((p) => p.trackName),
    }))
    .filter((p) => p.trackNames.length > 0);

/** `list`'s placements without the sublists `out` names for their song; songs left in none dropped. */
const withoutPlacements = <P extends { trackId: string; sublistIds: string[] }>(
  list: readonly P[],
  out: (trackId: string, sublistId: string) => boolean,
): P[] =>
  list.flatMap((p) => {
    const sublistIds = p.sublistIds.filter((id) => !out(p.trackId, id));
    if (sublistIds.length === p.sublistIds.length) return [p];
    return sublistIds.length > 0 ? [{ ...p, sublistIds }] : [];
  });

/** `summary`'s placements without the sublists `out` names for their song; `unplaced`: songs no longer placed. */
const withPlacementsOut = (
  summary: Partial<RunSummary>,
  out: (trackId: string, sublistId: string) => boolean,
  unplaced: { answered: number; placed: number },
): Partial<RunSummary> => {
  const { confidence } = summary;
  return {
    ...(summary.placed ? { placed: withoutPlacements(summary.placed, out) } : {}),
    ...(summary.uncertain ? { uncertain: withoutPlacements(summary.uncertain, out) } : {}),
    ...(confidence
      ? {
          confidence: {
            ...confidence,
            answered: confidence.answered - unplaced.answered,
            placed: confidence.placed - unplaced.placed,
          },
        }
      : {}),
  };
};

/**
 * A run's summary with `refused` kept out of the sublists it meant for them (`answered`: the
 * placement was the user's answer). A song refused again, when an apply cut short is repeated,
 * counts once. A song the user put back by hand into a sublist (`reversedByHand`) counts there already.
 */
export const withRefused = (
  summary: Partial<RunSummary>,
  refused: readonly (RefusedSong & { answered: boolean })[],
): Partial<RunSummary> => {
  const known = summary.refused ?? [];
  const fresh = refused.filter(
    (r) => !known.some((k) => k.trackId === r.trackId && k.sublistId === r.sublistId),
  );
  if (fresh.length === 0) return summary;
  const putBack = (trackId: string, sublistId: string) =>
    summary.reversedByHand?.some(
      (r) => r.action === 'remove' && r.trackId === trackId && r.sublistId === sublistId,
    ) ?? false;
  const answered = fresh.filter((r) => r.answered).length;
  return {
    ...summary,
    ...(summary.perSublist
      ? {
          perSublist: summary.perSublist.map((s) => {
            const out = fresh.filter((r) => r.sublistId === s.sublistId).length;
            const held = fresh.filter(
              (r) => r.heldIn.includes(s.sublistId) && !putBack(r.trackId, s.sublistId),
            ).length;
            return { ...s, added: s.added - out, total: s.total - out + held };
          }),
        }
      : {}),
    ...withPlacementsOut(
      summary,
      (trackId, sublistId) => fresh.some((r) => r.trackId === trackId && r.sublistId === sublistId),
      { answered, placed: fresh.length - answered },
    ),
    refused: [...known, ...fresh.map(({ answered: _, ...song }) => song)],
  };
};

/**
 * A resumed run's summary with the songs whose write the user reversed by hand counted as the user
 * left them (`answered`: an add's placement was the user's answer). A song reversed again, when an
 * apply cut short is repeated, counts once.
 */
export const withReversedByHand = (
  summary: Partial<RunSummary>,
  reversed: readonly (ReversedSong & { answered: boolean })[],
): Partial<RunSummary> => {
  const known = summary.reversedByHand ?? [];
  const same = (a: ReversedSong) => (b: ReversedSong) =>
    a.trackId === b.trackId && a.sublistId === b.sublistId && a.action === b.action;
  const fresh = reversed.filter((r) => !known.some(same(r)));
  if (fresh.length === 0) return summary;
  const takenOut = fresh.filter((r) => r.action === 'add');
  const out = (trackId: string, sublistId: string) =>
    takenOut.some((r) => r.trackId === trackId && r.sublistId === sublistId);
  // A song counts unplaced when it is left in no sublist the run placed it in (or the summary kept no placement of it).
  const stillPlaced = new Set(withoutPlacements(summary.placed ?? [], out).map((p) => p.trackId));
  const unplaced = [...new Map(takenOut.map((r) => [r.trackId, r])).values()].filter(
    (r) => !stillPlaced.has(r.trackId),
  );
  const answered = unplaced.filter((r) => r.answered).length;
  return {
    ...summary,
    ...(summary.perSublist
      ? {
          perSublist: summary.perSublist.map((s) => {
            const here = fresh.filter((r) => r.sublistId === s.sublistId);
            const notAdded = here.filter((r) => r.action === 'add').length;
            const notRemoved = here.length - notAdded;
            return {
              ...s,
              added: s.added - notAdded,
              removed: s.removed - notRemoved,
              total: s.total - notAdded + notRemoved,
            };
          }),
        }
      : {}),
    ...withPlacementsOut(summary, out, { answered, placed: unplaced.length - answered }),
    heldBack: (summary.heldBack ?? 0) + fresh.length,
    reversedByHand: [...known, ...fresh.map(({ answered: _, ...song }) => song)],
  };
};

/** A summary's refused songs with the layer's sublists' names (undefined when none). */
export const namedRefusals = (
  refused: readonly RefusedSong[] | undefined,
  sublists: readonly { id: string; name: string }[],
): RefusedPlacement[] | undefined => {
  if (!refused?.length) return undefined;
  const nameOf = new Map(sublists.map((s) => [s.id, s.name]));
  return refused.map((r) => ({
    trackName: r.trackName,
    sublistName: nameOf.get(r.sublistId) ?? '?',
    heldIn: r.heldIn.map((id) => nameOf.get(id) ?? '?'),
  }));
};

/** The runs an undo run's stored summary says it reverts. */
export const revertedRunIds = (summary: unknown): string[] =>
  (summary as Partial<RunSummary> | null)?.reverted ?? [];

/**
 * The plan's changes as journal steps of at most 100 tracks, with their playlists: adds before
 * removes, so that a move refused halfway leaves its song where it was (the applier puts it back),
 * never in no sublist.
 */
export const journalStepsOf = (sublists: readonly Sublist[], plan: SortPlan): JournalStep[] => {
  const playlistOf = new Map(sublists.map((s) => [s.id, s.playlistId]));
  return stepsOfChanges(plan.changes).map((step) => ({
    ...step,
    playlistId: playlistOf.get(step.sublistId) as string,
  }));
};

/** A guess's memberships of the sublists it is (still) placed in, as the summary keeps them. */
const membershipsIn = (
  placement: readonly string[],
  memberships: Readonly<Record<string, number>> | undefined,
): { memberships?: Record<string, number> } => {
  const kept = placement.filter((id) => memberships?.[id] !== undefined);
  return memberships && kept.length > 0
    ? { memberships: Object.fromEntries(kept.map((id) => [id, memberships[id] as number])) }
    : {};
};

/** What a plan does to the playlists, with track names for the summary, the DM and the chart. */
export const summarizePlan = async (
  namesOf: (trackIds: readonly string[]) => Promise<Map<string, string>>,
  sublists: readonly Sublist[],
  plan: SortPlan,
  desired: ReadonlyMap<string, DesiredPlacement>,
  contents: ReadonlyMap<string, ReadonlySet<string>>,
  waiting: readonly WaitingTrack[],
): Promise<RunSummary> => {
  const after = applySortPlan(contents, plan.changes);
  const waitingShown = [...waiting].sort((a, b) => a.confidence - b.confidence).slice(0, WAITING_KEPT);
  const uncertainIds = [...plan.placements.keys()]
    .filter((id) => desired.get(id)?.source === 'model')
    .sort((a, b) => (desired.get(a)?.confidence ?? 0) - (desired.get(b)?.confidence ?? 0))
    .slice(0, UNCERTAIN_SHOWN);
  const placedIds = [...plan.placements.keys()].slice(0, PLACED_KEPT);
  const names = await namesOf([
    ...new Set([...uncertainIds, ...placedIds, ...waitingShown.map((w) => w.trackId)]),
  ]);
  const placement = (id: string): Placement => plan.placements.get(id) ?? [];
  let voidCount = 0;
  for (const p of plan.placements.values()) if (p.length === 0) voidCount++;
  return {
    perSublist: sublists.map((s) => {
      const change = plan.changes.find((c) => c.sublistId === s.id);
      return {
        sublistId: s.id,
        name: s.name,
        added: change?.add.length ?? 0,
        removed: change?.remove.length ?? 0,
        total: after.get(s.id)?.size ?? 0,
      };
    }),
    voidCount,
    uncertain: uncertainIds.map((id) => ({
      trackId: id,
      trackName: names.get(id) ?? id,
      sublistIds: [...placement(id)],
      confidence: desired.get(id)?.confidence ?? 0,
      ...membershipsIn(placement(id), desired.get(id)?.memberships),
    })),
    placed: placedIds.map((id) => ({
      trackId: id,
      trackName: names.get(id) ?? id,
      sublistIds: [...placement(id)],
    })),
    heldBack: plan.heldBack.length,
    ...(waiting.length > 0
      ? {
          waiting: waitingShown.map((w) => ({
            trackId: w.trackId,
            trackName: names.get(w.trackId) ?? w.trackId,
            sublistIds: [...w.guess],
            confidence: w.confidence,
            ...membershipsIn(w.guess, w.memberships),
          })),
        }
      : {}),
  };
};
