import type { OwedPutBack, PutBackSong, SortRun } from '../../core/run-records.js';
import { runReference, RunTryFailedError } from '../errors.js';
import { owedAgain } from '../ports/notifier.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import { isPassing } from './failure-kinds.js';

/**
 * Tries at a failed run's put-back that the process died in or that failed for no passing reason
 * (a playlist Spotify refuses, a bug) before it is given up and the user told which songs may be
 * left in two sublists: a put-back that fails every time neither holds the layer's passes back
 * nor is tried for ever. Failures that pass (Spotify down, its limit) are waited out.
 */
export const PUT_BACK_TRIES = 3;

export type PutBackDeps = Pick<
  SortRunDeps,
  'runs' | 'writer' | 'contents' | 'layers' | 'sublists' | 'notifier'
>;

/**
 * Puts back where they were the songs a failed run moved only in part, owed from before the run
 * was marked failed (`owePutBack`): its end tries it first, and whoever next holds the layer (the
 * next start, the layer's sync, the user's next command) tries it again until it is made. Each try
 * reads the playlists as Spotify shows them, so a try repeated after a crash writes only what is
 * still missing.
 */
export class PutBacks {
  constructor(
    private readonly deps: PutBackDeps,
    /** Throws RunsStoppedError once the process stops (a deploy): no put-back starts then. */
    private readonly throwIfStopping: () => void = () => undefined,
  ) {}

  /**
   * One try at the run's put-back (the layer's lock held): made, the run owes it no more; failed,
   * it stays owed and the error goes on (one that does not pass as a try of the run, with its
   * reference); after PUT_BACK_TRIES counted, it is given up instead and the user told by DM.
   */
  async settle(userId: string, run: SortRun, songs: readonly PutBackSong[]): Promise<void> {
    this.throwIfStopping();
    const before = await this.deps.runs.startPutBack(run.id);
    if (before >= PUT_BACK_TRIES) return this.giveUp(userId, run, songs);
    try {
      await this.putBack(userId, songs);
    } catch (error) {
      if (isPassing(error)) {
        // A record refused leaves it counted so: at worst it is given up one try early.
        await this.deps.runs.putBackEnded(run.id).catch(() => undefined);
        throw error;
      }
      throw new RunTryFailedError(run.id, error);
    }
    await this.deps.runs.settlePutBack(run.id);
  }

  /** Tries the put-backs the layer's failed runs owe, oldest first. */
  async settleOwed(userId: string, layerId: string): Promise<void> {
    for (const owed of await this.deps.runs.putBacksOwed(layerId))
      await this.settle(userId, owed.run, owed.songs);
  }

  /** Every put-back owed (at a start), each under its layer's lock (`locked`). */
  async settleAll(locked: (owed: OwedPutBack, work: () => Promise<void>) => Promise<void>): Promise<void> {
    for (const owed of await this.deps.runs.putBacksOwed())
      await locked(owed, () => this.settle(owed.run.userId, owed.run, owed.songs));
  }

  /**
   * Writes each song back where it was, as Spotify shows its playlists now: into the playlists it
   * was in first, then out of those it was not (no moment leaves it in no sublist). A write found
   * made already (a try the process died in) is only recorded; a song found anywhere else than
   * where the run left it or where it was (moved by hand since, or by a later run) is left where it
   * is. The writes are recorded as the bot's own, the stored version kept (the next sync reads the
   * playlists again).
   */
  private async putBack(userId: string, songs: readonly PutBackSong[]): Promise<void> {
    const live = new Map<string, Set<string>>();
    const contents = async (playlistId: string) => {
      let present = live.get(playlistId);
      if (!present)
        live.set(playlistId, (present = new Set(await this.deps.writer.trackIds(userId, playlistId))));
      return present;
    };
    const writes = { add: new Map<string, string[]>(), remove: new Map<string, string[]>() };
    // Put back already (a try the process died in after Spotify took it): recorded, not written.
    const made = { add: new Map<string, string[]>(), remove: new Map<string, string[]>() };
    for (const song of songs) {
      const isIn = new Map<string, boolean>();
      for (const playlistId of song.playlists)
        isIn.set(playlistId, (await contents(playlistId)).has(song.trackId));
      const held = new Set(song.held);
      const back = new Set(song.back);
      const untouched = song.playlists.every(
        (p) => isIn.get(p) === held.has(p) || isIn.get(p) === back.has(p),
      );
      if (!untouched) continue;
      for (const playlistId of song.playlists) {
        if (held.has(playlistId) === back.has(playlistId)) continue;
        const action = back.has(playlistId) ? 'add' : 'remove';
        const to = isIn.get(playlistId) === back.has(playlistId) ? made : writes;
        to[action].set(playlistId, [...(to[action].get(playlistId) ?? []), song.trackId]);
      }
    }
    for (const action of ['add', 'remove'] as const) {
      for (const [playlistId, trackIds] of made[action])
        await this.deps.contents.recordWrite(userId, playlistId, action, trackIds, null);
      for (const [playlistId, trackIds] of writes[action]) {
        if (action === 'add') await this.deps.writer.addTracks(userId, playlistId, trackIds);
        else await this.deps.writer.removeTracks(userId, playlistId, trackIds);
        await this.deps.contents.recordWrite(userId, playlistId, action, trackIds, null);
      }
    }
  }

  /**
   * Tells the user which songs may be left where the run left them (in two sublists, or in none),
   * with the run's reference, and owes the put-back no more; a DM that did not go out (Discord
   * failing, or DMs held back after a refusal) leaves it owed, told at the layer's next pass.
   */
  private async giveUp(userId: string, run: SortRun, songs: readonly PutBackSong[]): Promise<void> {
    const { notifier } = this.deps;
    if (notifier) {
      const sublists = await this.deps.sublists.listFor(run.layerId);
      const sent = await notifier.sendDm(userId, {
        kind: 'put-back-given-up',
        what: run.kind,
        layerName: (await this.deps.layers.byId(run.layerId))?.name ?? '?',
        songs: songs.map((song) => ({
          trackName: song.trackName,
          sublistNames: sublists.filter((s) => song.held.includes(s.playlistId)).map((s) => s.name),
        })),
        reference: runReference(run.id),
      });
      if (owedAgain(sent)) return;
    }
    await this.deps.runs.settlePutBack(run.id);
  }
}
