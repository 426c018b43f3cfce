/**
 * Errors a person caused and can fix: entry points show them to the person (Discord: an
 * ephemeral reply, rendered from `code` and `message`) and never log them as failures. Anything
 * else is unexpected. `message` is plain words, no markup: a command is named as "/link".
 */
export class UserError extends Error {
  constructor(
    /** Stable identifier (see `UserErrorCode`), for tests and logs. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const UserErrorCode = {
  NotLinked: 'not-linked',
  LinkExpired: 'link-expired',
  UnknownLayer: 'unknown-layer',
  DuplicateLayer: 'duplicate-layer',
  UnknownSublist: 'unknown-sublist',
  DuplicateSublist: 'duplicate-sublist',
  UnknownPlaylist: 'unknown-playlist',
  PlaylistNotOwned: 'playlist-not-owned',
  /** A motherlist named by a sublist name that several layers' sublists have. */
  AmbiguousMotherlist: 'ambiguous-motherlist',
  /** A sublist that would feed a layer its own songs back (its motherlist, or a layer that sorts into it). */
  LayerCycle: 'layer-cycle',
  InvalidInput: 'invalid-input',
  NoSublists: 'no-sublists',
  NoLabels: 'no-labels',
  NoModel: 'no-model',
  NothingToLabel: 'nothing-to-label',
  NothingToUndo: 'nothing-to-undo',
  /** The first read of the user's library is still under way (`LibraryNotReadError` says how far). */
  LibraryReading: 'library-reading',
  NotYours: 'not-yours',
  StaleComponent: 'stale-component',
  SessionClosed: 'session-closed',
  Busy: 'busy',
  /** A /train of the layer is queued or running already. */
  AlreadyTraining: 'already-training',
  /** Spotify's QUOTA_EXCEEDED blocks the bot until `SpotifyQuotaError.until`. */
  SpotifyQuota: 'spotify-quota',
  /** The bot's own daily request budget is spent until `SpotifyBudgetError.until`. */
  SpotifyBudget: 'spotify-budget',
} as const;

/** The user has no Spotify account linked (or unlinked it). */
export class NotLinkedError extends UserError {
  constructor(message = 'Link your Spotify account first with /link.') {
    super(UserErrorCode.NotLinked, message);
    this.name = 'NotLinkedError';
  }
}

/** A layer name that the user does not have. */
export class UnknownLayerError extends UserError {
  constructor(readonly layerName: string) {
    super(UserErrorCode.UnknownLayer, `You have no layer named “${layerName}”. See /layer list.`);
    this.name = 'UnknownLayerError';
  }
}

/** A sublist name that the layer does not have. */
export class UnknownSublistError extends UserError {
  constructor(
    readonly sublistName: string,
    readonly layerName: string,
  ) {
    super(UserErrorCode.UnknownSublist, `Layer “${layerName}” has no sublist named “${sublistName}”.`);
    this.name = 'UnknownSublistError';
  }
}

/** A playlist that is not in the user's library or belongs to someone else. */
export class PlaylistNotOwnedError extends UserError {
  constructor(readonly playlist: string) {
    super(
      UserErrorCode.PlaylistNotOwned,
      `“${playlist}” is not a playlist you own; Motherlist can only sort into and out of your own playlists.`,
    );
    this.name = 'PlaylistNotOwnedError';
  }
}

/** Input that fails a rule (a name too long, a mode that does not fit…). */
export class InvalidInputError extends UserError {
  constructor(message: string) {
    super(UserErrorCode.InvalidInput, message);
    this.name = 'InvalidInputError';
  }
}

/** A button or menu from a message the bot no longer acts on (old version, deleted layer, closed session). */
export class StaleComponentError extends UserError {
  constructor(message = 'This button is no longer active. Start again with the command.') {
    super(UserErrorCode.StaleComponent, message);
    this.name = 'StaleComponentError';
  }
}

/** Someone pressed a button of another person's message. */
export class NotYoursError extends UserError {
  constructor(message = 'This belongs to someone else. Run the command yourself to get your own.') {
    super(UserErrorCode.NotYours, message);
    this.name = 'NotYoursError';
  }
}

/** A command that needs the library, before its first read is done: how far the read is. */
export class LibraryNotReadError extends UserError {
  constructor(
    /** Liked Songs read so far, of `songsTotal`; null when the read has not got that far yet. */
    readonly songsRead: number | null,
    readonly songsTotal: number | null,
  ) {
    super(
      UserErrorCode.LibraryReading,
      songsRead !== null && songsTotal !== null
        ? `Motherlist is still reading your Spotify library: ${songsRead} of ${songsTotal} songs so far.`
        : 'Motherlist is still reading your Spotify library.',
    );
    this.name = 'LibraryNotReadError';
  }
}

export const isUserError = (error: unknown): error is UserError => error instanceof UserError;
