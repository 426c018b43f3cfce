import type { SortRun, SortStep } from '../../core/run-records.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';

/**
 * The songs of a resumed run's steps whose write an earlier attempt of the run made and the user
 * reversed by hand since: taken out of the sublist an add step wrote them to, or put back into the
 * one a remove step took them out of. The hand edit wins: the run does not write them again.
 * Known by either of:
 * - the stored contents and Spotify disagree about the song the way the write left them: the bot
 *   recorded its write, or a sync read it, and the hand edit is not read yet (the next sync reads
 *   it). A plan only adds what a playlist lacks and removes what it holds, so the stored contents
 *   show the write, not the playlist before the run.
 * - a sync recorded the hand edit after the run was journaled (while it could not finish the run),
 *   and stored the playlist as the user left it.
 * A write whose record failed and that the user reversed before any sync read it leaves no trace:
 * the run writes that song again.
 */
export class ReversedByHand {
  private readonly stored = new Map<string, Promise<ReadonlySet<string>>>();
  private edits: Promise<ReadonlySet<string>> | undefined;

  constructor(
    private readonly deps: Pick<SortRunDeps, 'contents' | 'handEdits'>,
    private readonly userId: string,
    private readonly run: Pick<SortRun, 'layerId' | 'createdAt'>,
  ) {}

  /** Of a step's songs, those whose write the user reversed by hand; `present`: the playlist as Spotify has it now. */
  async of(step: SortStep, present: ReadonlySet<string>): Promise<Set<string>> {
    const adding = step.action === 'add';
    // Spotify shows the step's write undone: the song lacks where it was added, is there where it was removed.
    const undone = step.trackIds.filter((id) => present.has(id) !== adding);
    if (undone.length === 0) return new Set();
    const held = await this.storedContents(step.playlistId);
    const byHand = await this.handEditsSinceRun();
    const reverse = adding ? 'remove' : 'add';
    return new Set(
      undone.filter((id) => held.has(id) === adding || byHand.has(`${reverse} ${step.sublistId} ${id}`)),
    );
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
   * `action sublistId trackId` of the layer's latest hand edits found since the run began (in its
   * millisecond too: an edit known before it was planned is in no step of it).
   */
  private handEditsSinceRun(): Promise<ReadonlySet<string>> {
    this.edits ??= this.deps.handEdits
      .listFor(this.run.layerId)
      .then(
        (edits) =>
          new Set(
            edits
              .filter((e) => e.detectedAt.getTime() >= this.run.createdAt.getTime())
              .map((e) => `${e.action} ${e.sublistId} ${e.trackId}`),
          ),
      );
    return this.edits;
  }
}
