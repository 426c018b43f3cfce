import type { SortRunKind } from '../../core/run-records.js';
import type { RefusedPlacement, SortOutcome, UndoOutcome, UnlistedHeld } from './model-ports.js';

/**
 * What held a /sort, /undo or correction back, so that its result comes by DM: a restart of the
 * bot (a deploy, or a crash) or Spotify's limit. None when it is not known (a run tried again
 * after a failure): the DM then names no cause.
 */
export type HeldBy = 'restart' | 'spotify-limit';

/** A direct message the bot sends on its own (not as an answer to a command). */
export type DmMessage =
  | {
      kind: 'new-songs';
      layerName: string;
      /** Per sublist, the names of the tracks placed there ("Artist – Title"). */
      placements: { sublistName: string; trackNames: string[] }[];
      voidCount: number;
      /** For correction buttons (move / send to the void): `SortRunService.correctPlacement`. */
      layerId?: string;
      /** The sync's sort run (its Undo). */
      runId?: string;
      /** Every track the sync placed, with where it went (empty = the void). */
      tracks?: { trackId: string; trackName: string; sublistIds: string[] }[];
      /** The layer's sublists, in button order. */
      sublists?: { id: string; name: string }[];
      /** The layer's mode: a complete layer offers no "void" in the correction menus. */
      mode?: { mutual: boolean; complete: boolean };
      /** New likes the model was not sure enough about: left where they are, with its best guess. */
      /** `memberships`: a non-mutual guess's probability of each of its sublists, by id. */
      waiting?: {
        trackId: string;
        trackName: string;
        sublistIds: string[];
        confidence: number;
        memberships?: Record<string, number>;
      }[];
      /** How many new likes wait in all (`waiting` holds the first ones). */
      waitingCount?: number;
      /** New likes not placed: their sublist's playlist is no longer in the user's library. */
      unlisted?: UnlistedHeld;
      /** Sublists whose playlists were not in the user's library: no Place for a song guessed there. */
      unlistedSublistIds?: string[];
      /**
       * Spotify refused the sync's writes for good: `unplaced` new likes (the first of `waiting`)
       * wait instead; `reference` is the one the failure was logged with.
       */
      failed?: { reference: string; unplaced: number; ourError?: true };
      /** New likes not placed: another sublist of the layer holds them already. */
      refused?: RefusedPlacement[];
    }
  | { kind: 'relink'; reason: string }
  /**
   * The bot removed the user's Spotify link (another Discord user linked the same Spotify account,
   * and one account links one Discord user); sent once.
   */
  | { kind: 'link-removed' }
  /**
   * Public results, once one switch for every server, became one per server and were turned off
   * everywhere (which server the user meant was never stored); sent once.
   */
  | { kind: 'public-results-reset' }
  /** Spotify's quota blocks the bot until `until`; sent once per block. */
  | { kind: 'quota-blocked'; until: Date }
  /** The Spotify link dies at `expiresAt` (6 months after linking); sent once, a week before. */
  | { kind: 'link-expiring'; expiresAt: Date }
  /**
   * An /undo finished after its answer (nobody was waiting for it): cut short by a restart of the
   * bot, or held back by Spotify's limit, or tried again after it failed (no `heldBy`).
   */
  | { kind: 'undo-finished'; outcome: UndoOutcome; heldBy?: HeldBy }
  /**
   * A /sort that met Spotify's limit (or a restart of the bot) was applied once requests went out
   * again (by the next start): its summary, with the names of the songs it placed per sublist
   * (nobody was waiting for the answer).
   */
  | {
      kind: 'sort-applied';
      layerName: string;
      outcome: SortOutcome;
      placements: { sublistName: string; trackNames: string[] }[];
      heldBy?: HeldBy;
    }
  /**
   * A /sort or /undo held back by Spotify's limit (or cut short by a restart, or tried again after
   * its answer) ended failed when the layer's next pass applied it, which may be the user's next
   * command: `reference` is the one its failure was logged with; `ourError`: it failed on every try
   * for a cause of ours, not because Spotify refused it.
   */
  | { kind: 'run-failed'; what: 'sort' | 'undo'; layerName: string; reference: string; ourError?: true }
  /**
   * A correction held back by Spotify's limit (or cut short, or tried again after its answer)
   * ended failed when the layer's next pass applied it: the song was not moved to `sublistNames`
   * (empty: the void) and the answer not kept.
   */
  | {
      kind: 'correction-failed';
      layerName: string;
      trackName: string | null;
      sublistNames: string[];
      reference: string;
      ourError?: true;
    }
  /**
   * A correction held back by Spotify's limit (or a restart) that the mutual check refused when the layer's next
   * pass applied it: the song is in another sublist of the layer (`refused.heldIn`), where it stays,
   * and the answer was not kept.
   */
  | {
      kind: 'correction-refused';
      layerName: string;
      refused: RefusedPlacement;
      heldBy?: HeldBy;
    }
  /**
   * Layers stored in a circle (`layerCycles`), which syncs skip: the links that close it, by
   * name; sent once per circle with a layer the user was not told of (LayerStore.claimCycleNotice).
   */
  /**
   * A run (`what`) ended failed with songs it had moved only in part, and putting them back where
   * they were failed at every try: each may be left where the run left it (`sublistNames`, the
   * sublists that held it as the run ended: two, or none). `reference` is the run's.
   */
  | {
      kind: 'put-back-given-up';
      what: SortRunKind;
      layerName: string;
      songs: { trackName: string; sublistNames: string[] }[];
      reference: string;
    }
  | { kind: 'layers-in-circle'; links: { parent: string; sublist: string; child: string }[] }
  | { kind: 'text'; text: string };

export type DmResult =
  | { delivered: true }
  /** `dms-closed`: Discord refused (50007/50278), recorded for /status; `suppressed`: a recent refusal, not tried again. */
  | { delivered: false; reason: 'dms-closed' | 'suppressed' | 'failed' };

/**
 * Whether a one-off notice (a removed link, layers in a circle) is owed again after this try: yes
 * unless it went out or Discord refused it (the refusal is recorded, and /status shows it).
 */
export const owedAgain = (sent: DmResult): boolean => !sent.delivered && sent.reason !== 'dms-closed';

/** Sends DMs; the sync job's way to tell a user what went where or that they must link again. */
export interface Notifier {
  sendDm(userId: string, message: DmMessage): Promise<DmResult>;
}
