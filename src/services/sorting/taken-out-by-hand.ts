import type { SortRun, SortStep } from '../../core/run-records.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';

/**
 * The songs of a resumed run's add steps that the user has taken out by hand since an earlier
 * attempt of the run wrote them. The hand removal wins: the run does not write them again. Known
 * by either of:
 * - the stored contents hold the song and Spotify no longer does: the bot recorded its write, or a
 *   sync read it, and the removal is not read yet (the next sync reads it as a hand edit). A plan
 *   only adds what a playlist lacks, so the song was not there before the run.
 * - a sync recorded the removal as a hand edit after the run was journaled (while it could not
 *   finish the run), and stored the playlist without the song.
 * A write whose record failed and that the user undid before any sync read it leaves no trace: the
 * run writes that song again.
 */
export class TakenOutByHand {
  private readonly stored = new Map<string, Promise<ReadonlySet<string>>>();
  private removals: Promise<ReadonlySet<string>> | undefined;

  constructor(
    private readonly deps: Pick<SortRunDeps, 'contents' | 'handEdits'>,
    private readonly userId: string,
    private readonly run: Pick<SortRun, 'layerId' | 'createdAt'>,
  ) {}

  /** Of an add step's songs, those taken out by hand; `present`: the playlist as Spotify has it now. */
  async of(step: SortStep, present: ReadonlySet<string>): Promise<Set<string>> {
    const missing = step.trackIds.filter((id) => !present.has(id));
    if (step.action !== 'add' || missing.length === 0) return new Set();
    const held = await this.storedContents(step.playlistId);
    const removed = await this.handRemovalsSinceRun();
    return new Set(missing.filter((id) => held.has(id) || removed.has(`${step.sublistId} ${id}`)));
  }

  private storedContents(playlistId: string): Promise<ReadonlySet<string>> {
    let contents = this.stored.get(playlistId);
    if (!contents) {
      contents = this.deps.contents
        .contentsOf(this.userId, [playlistId])
        .then((read) => read.get(playlistId) ?? new Set<string>());
      this.stored.set(playlistId, contents);
    }
    return contents;
  }

  /**
   * `sublistId trackId` of the layer's latest hand edits that are removals found since the run began
   * (in its millisecond too: a removal known before it was planned is no add step of it).
   */
  private handRemovalsSinceRun(): Promise<ReadonlySet<string>> {
    this.removals ??= this.deps.handEdits
      .listFor(this.run.layerId)
      .then(
        (edits) =>
          new Set(
            edits
              .filter((e) => e.action === 'remove' && e.detectedAt.getTime() >= this.run.createdAt.getTime())
              .map((e) => `${e.sublistId} ${e.trackId}`),
          ),
      );
    return this.removals;
  }
}
