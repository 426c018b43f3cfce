import type { PlacementProblem } from '../core/layer.js';

/** Names the user gave (layers, sublists, playlists, songs) travel as they are; the bot words them. */
type Named = string;

/**
 * A layer's motherlist as people know it: Liked Songs, the sublist it is (`Moods › Solo`), or
 * (`name` null) a playlist the bot shows by its link.
 */
export interface ShownMotherlist {
  id: string;
  name: Named | null;
}

/** What a refused name broke. */
export type NameRule =
  | { rule: 'name-characters'; kind: 'layer' | 'sublist' }
  | { rule: 'name-empty'; kind: 'layer' | 'sublist' }
  | { rule: 'name-too-long'; kind: 'layer' | 'sublist'; max: number };

/** Input that fails a rule (a name too long, an answer that does not fit the mode…). */
export type InvalidInput =
  | NameRule
  | { rule: 'void-reserved' }
  | { rule: 'too-many-sublists'; max: number }
  | { rule: 'too-many-layers'; max: number }
  | { rule: 'precision-range'; min: number; max: number }
  | { rule: 'precision-needs-layer' }
  | { rule: 'sync-interval-range'; min: number; max: number }
  /** `public_results` given in a DM: it is set per server, and a DM is private anyway. */
  | { rule: 'public-results-per-server' }
  /** A label session's answer that the layer's mode refuses. */
  | { rule: 'mode'; layerName: Named; problem: PlacementProblem }
  | { rule: 'pick-before-done' }
  | { rule: 'void-alone' }
  /** An answer (label, correction, placement) that does not fit the layer. */
  | { rule: 'placement'; layerName: Named | null; problem: PlacementProblem }
  | { rule: 'no-track-match'; query: Named; layerName: Named }
  /** A spotify.link short link, which names its playlist or song only through Spotify's redirect. */
  | { rule: 'short-link'; kind: 'playlist' | 'track' };

/** What a button or menu acted on that is gone or changed since it was shown. */
export type Stale =
  | { what: 'button' }
  | { what: 'old-button' }
  | { what: 'unreadable-button' }
  | { what: 'old-form' }
  | { what: 'command-gone' }
  | { what: 'command-changed' }
  | { what: 'label-session-ended' }
  | { what: 'label-session-stopped' }
  | { what: 'track-answered' }
  /** The session moved on to a newer card: a later /label of the layer, or a fresh message past the token's life. */
  | { what: 'card-superseded' }
  | { what: 'track-gone' }
  | { what: 'sublist-removed' }
  | { what: 'run-gone' }
  | { what: 'layer-complete-now' }
  /** `nothing`: what the press would have done and did not. */
  | { what: 'layer-gone'; nothing?: 'placed' | 'moved' }
  /**
   * A menu's pick of sublists removed from the layer since its message: `sublistNames` as the menu
   * showed them (none when it could not be read).
   */
  | { what: 'sublist-gone'; nothing: 'placed' | 'moved'; layerName: Named; sublistNames: Named[] }
  | { what: 'no-longer-waits'; trackName: Named | null }
  /** A waiting song's Place shown with a guess naming a sublist removed since (`WaitingTrack.trimmed`). */
  | { what: 'guess-removed'; trackName: Named | null };

/**
 * Every problem a person caused and can fix, as a code with the data its words need. The bot
 * words each one (`src/bot/views/user-error.view.ts`, exhaustive over `code`): no sentence, markup or
 * time format lives here.
 */
export type UserProblem =
  | { code: 'not-linked' }
  | { code: 'link-expired' }
  /** `layerName` null: a layer a button or menu named, deleted since. */
  | { code: 'unknown-layer'; layerName: Named | null }
  | { code: 'duplicate-layer'; layerName: Named }
  /** `sublistName` null: a sublist a button or menu named, removed since. */
  | { code: 'unknown-sublist'; sublistName: Named | null; layerName: Named | null }
  /** A sublist name the layer has (`by: 'name'`), or a playlist that backs one of its sublists already. */
  | { code: 'duplicate-sublist'; by: 'name' | 'playlist'; name: Named; layerName: Named }
  /**
   * A playlist the user does not own; `inLibrary`, when the library read knows: not in it at all
   * (`missing`), or someone else's the user follows (`followed`).
   */
  | { code: 'playlist-not-owned'; playlist: Named; inLibrary?: 'missing' | 'followed' }
  /** A playlist named by a name `count` of the user's own playlists share: its link tells which. */
  | { code: 'ambiguous-playlist'; playlist: Named; count: number }
  /** A motherlist named by a sublist name that several layers' sublists have (`paths`: “Layer › Sublist”). */
  | { code: 'ambiguous-motherlist'; reference: Named; paths: readonly Named[] }
  /**
   * A sublist that would feed a layer its own songs back: the playlist is the layer's motherlist
   * (`through` empty) or the motherlist of `through`, layers whose songs flow on into the layer.
   */
  | { code: 'layer-cycle'; playlistName: Named; layerName: Named; through: readonly Named[] }
  /** A playlist that backs `sublistName` of another layer, `layerName`: one layer writes a playlist. */
  | { code: 'playlist-in-use'; playlistName: Named; layerName: Named; sublistName: Named }
  | ({ code: 'invalid-input' } & InvalidInput)
  /** `needed`: sublists the work needs (labeling a complete layer needs two). */
  | { code: 'no-sublists'; layerName: Named; needed: number; work: 'label' | 'import' | 'sort' | 'train' }
  /** Fewer answers than `needed` to sort (at least one) or to train. */
  | { code: 'no-labels'; layerName: Named; needed: number; work: 'sort' | 'train' }
  | { code: 'no-model'; layerName: Named }
  /** Nothing in the label session, nothing in the layer, or a run that is not the layer's latest. */
  | { code: 'nothing-to-undo'; in: 'label-session' | 'not-latest-run' }
  | { code: 'nothing-to-undo'; in: 'layer'; layerName: Named }
  /** The first read of the user's library is still under way: Liked Songs read so far, of `songsTotal`. */
  | { code: 'library-reading'; songsRead: number | null; songsTotal: number | null }
  /** Someone pressed a button of another person's message (`of` a label session, or anything else). */
  | { code: 'not-yours'; of?: 'label-session' }
  | ({ code: 'stale-component' } & Stale)
  /**
   * A correction or a waiting song's Place that names sublists whose playlists are no longer in the
   * user's library (deleted or unfollowed): refused, nothing stored or moved.
   */
  | { code: 'sublist-unlisted'; sublistNames: Named[] }
  /**
   * A correction or a waiting song's Place of a song no longer in the layer's motherlist as the bot
   * last read it (un-liked, or taken out of the parent playlist): the layer no longer sorts it, and
   * a sync has taken it, or will take it, out of the sublists; refused, nothing stored or moved.
   */
  | { code: 'left-motherlist'; trackName: Named | null; motherlist: ShownMotherlist }
  /**
   * A /sort, /label or /import of a layer whose motherlist is a playlist no longer in the user's
   * library (deleted or unfollowed, or another account's): nothing to sort, ask or import, nothing written.
   */
  | { code: 'motherlist-unlisted'; layerName: Named; work: 'sort' | 'label' | 'import' }
  /**
   * A sublist that a run of its layer, held back by Spotify's limit (or cut short), still has to
   * write to: removed now, the songs would land in its playlist after all.
   */
  | { code: 'sublist-pending'; layerName: Named; sublistName: Named }
  /** A sort of the layer is running; `during`: what waited for it and gave up (/unlink: every layer). */
  | { code: 'busy'; during?: 'unlink' }
  /** A /train of the layer is queued or running already. */
  | { code: 'already-training'; layerName: Named }
  /** Spotify's QUOTA_EXCEEDED blocks the bot until `until`. */
  | { code: 'spotify-quota'; until: Date }
  /** The bot's own daily request budget is spent for this `priority` of work until `until`. */
  | { code: 'spotify-budget'; until: Date; priority: string }
  /**
   * A /sort met Spotify's limit (the quota block, or the budget) while writing: its plan stays
   * journaled and is applied when requests go out again (expected at `until`), with a DM then.
   */
  | { code: 'sort-postponed'; until: Date; layerName: Named }
  /**
   * An /undo met Spotify's limit while writing: it stays journaled and is finished when requests
   * go out again (expected at `until`), with the "undo finished" DM then. `undid`: what it reverts.
   */
  | { code: 'undo-postponed'; until: Date; layerName: Named; undid: 'sort' | 'sync' }
  /**
   * The process is stopping (a deploy, a restart) during a /sort, /undo or correction. `resumes`:
   * the command's run was journaled before, so the next start finishes it (and its DM tells how it
   * went); otherwise nothing of it was started (an older run of the layer was being finished).
   */
  | { code: 'restarting'; resumes: false }
  | { code: 'restarting'; resumes: true; what: 'sort' | 'undo' | 'correction'; layerName: Named }
  /**
   * A correction (a summary's or DM's menu, a waiting song's Place) met Spotify's limit: the answer
   * is stored as a label, and the move is either journaled and applied when requests go out again
   * (`then: 'by-itself'`) or, when an earlier run of the layer still waiting for Spotify moves the
   * same song, left to the next /sort (`then: 'next-sort'`).
   */
  | {
      code: 'correction-postponed';
      until: Date;
      trackName: Named | null;
      /** Where the answer puts the song; empty: the void. */
      sublistNames: Named[];
      then: 'by-itself' | 'next-sort';
    };

/** The codes, stable identifiers for tests, logs and metrics. */
export const UserErrorCode = {
  NotLinked: 'not-linked',
  LinkExpired: 'link-expired',
  UnknownLayer: 'unknown-layer',
  DuplicateLayer: 'duplicate-layer',
  UnknownSublist: 'unknown-sublist',
  DuplicateSublist: 'duplicate-sublist',
  PlaylistNotOwned: 'playlist-not-owned',
  AmbiguousPlaylist: 'ambiguous-playlist',
  AmbiguousMotherlist: 'ambiguous-motherlist',
  LayerCycle: 'layer-cycle',
  PlaylistInUse: 'playlist-in-use',
  InvalidInput: 'invalid-input',
  NoSublists: 'no-sublists',
  NoLabels: 'no-labels',
  NoModel: 'no-model',
  NothingToUndo: 'nothing-to-undo',
  LibraryReading: 'library-reading',
  NotYours: 'not-yours',
  StaleComponent: 'stale-component',
  SublistUnlisted: 'sublist-unlisted',
  LeftMotherlist: 'left-motherlist',
  MotherlistUnlisted: 'motherlist-unlisted',
  SublistPending: 'sublist-pending',
  Busy: 'busy',
  AlreadyTraining: 'already-training',
  SpotifyQuota: 'spotify-quota',
  SpotifyBudget: 'spotify-budget',
  SortPostponed: 'sort-postponed',
  UndoPostponed: 'undo-postponed',
  CorrectionPostponed: 'correction-postponed',
  Restarting: 'restarting',
} as const satisfies Record<string, UserProblem['code']>;

/** The problem's data for logs (its words are the bot's). */
const logLine = ({ code, ...data }: UserProblem): string =>
  Object.keys(data).length === 0 ? code : `${code} ${JSON.stringify(data)}`;

/**
 * Errors a person caused and can fix: entry points show them to the person (Discord: an
 * ephemeral reply worded by the bot from `problem`) and never log them as failures. Anything
 * else is unexpected: logged with a reference id, which is all the person sees.
 */
export class UserError<P extends UserProblem = UserProblem> extends Error {
  readonly code: P['code'];

  constructor(readonly problem: P) {
    super(logLine(problem));
    this.code = problem.code;
    this.name = 'UserError';
  }
}

/** The user has no Spotify account linked (or unlinked it). */
export class NotLinkedError extends UserError<{ code: 'not-linked' }> {
  constructor() {
    super({ code: 'not-linked' });
    this.name = 'NotLinkedError';
  }
}

/** A command that needs the library, before its first read is done: how far the read is. */
export class LibraryNotReadError extends UserError<Extract<UserProblem, { code: 'library-reading' }>> {
  constructor(
    /** Liked Songs read so far, of `songsTotal`; null when the read has not got that far yet. */
    readonly songsRead: number | null,
    readonly songsTotal: number | null,
  ) {
    super({ code: 'library-reading', songsRead, songsTotal });
    this.name = 'LibraryNotReadError';
  }
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;

/**
 * A sort run Spotify refused for good (a 4xx other than 429), or that failed for no passing reason
 * on every try (RUN_APPLY_TRIES): it ended failed, with its failure and `reference` stored in its
 * summary, so that the log, the DM and /status share one reference.
 */
export class RunFailedError extends Error {
  override name = 'RunFailedError';
  constructor(
    readonly runId: string,
    readonly reference: string,
    cause: unknown,
    /** It failed on every try for a cause of ours, not because Spotify refused it. */
    readonly ourError = false,
  ) {
    super(`sort run ${runId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * A sort run's reference, the same for every try of it: each failed try is logged under it, and
 * its end shows it, so that the bot's host finds every try's cause from the one reference the
 * person is given (and the run: its id begins with it).
 */
export const runReference = (runId: string): string => runId.replaceAll('-', '').slice(0, 8);

/**
 * One try of a sort run that failed and is tried again: for no passing reason (RUN_APPLY_TRIES),
 * or for one that passes as a user's command answers it (SortRunService): its cause's message,
 * with the run's reference.
 */
export class RunTryFailedError extends Error {
  override name = 'RunTryFailedError';
  readonly reference: string;
  constructor(
    readonly runId: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.reference = runReference(runId);
  }
}

/**
 * The cause an apply ends with when its process stops cleanly (SIGTERM, SIGINT: a deploy): the run
 * stays as it is, its steps not written yet left for the next start, and the apply is not counted
 * as cut short. What runs it lets it pass, untold: the process is going away (a job logs it at info,
 * start-jobs.ts).
 */
export class RunsStoppedError extends Error {
  override name = 'RunsStoppedError';
  constructor() {
    super('the process is stopping: the run is finished at the next start');
  }
}

/** The reference an error already carries (a sort run's), if any. */
export const referenceOf = (error: unknown): string | undefined =>
  error instanceof RunFailedError || error instanceof RunTryFailedError ? error.reference : undefined;
