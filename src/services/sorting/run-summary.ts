import type { DryRunPromise, PreviewCheck } from '../../core/dry-run-promise.js';
import type { SortRun } from '../../core/run-records.js';
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
  /**
   * A dry run's: what it decided from and the placements it showed, for the next `/sort`. Its
   * `desired` and `confidence` are as decided, before songs were held back for a sublist whose
   * playlist left the library (that `/sort` holds them back again and says so); dry runs stored
   * before kept neither the held songs nor `confidence`.
   */
  promise?: DryRunPromise & { confidence?: SortConfidence };
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
  /** A correction run's: the answer it stores once it has placed the song (correction-answer.ts). */
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
