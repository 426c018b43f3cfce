import type { StepAction } from '../../core/sort-steps.js';

/**
 * A mutual layer's rule, a song in at most one of its sublists, checked right before each add
 * against the playlists as they are: a sublist whose version on Spotify is the stored one by its
 * stored contents, any other by reading it. An add that would put a song in a second sublist
 * (the plan was made on contents that no longer hold: a hand edit, a write applied late) is
 * refused for that song; the song stays where it is (the run's summary says so), and the next sort
 * plans on what a sync reads.
 */
export class MutualGuard {
  /** The contents of the layer's playlists as this apply knows them, read at first need. */
  private readonly known = new Map<string, Set<string>>();

  constructor(
    private readonly playlistIds: readonly string[],
    private readonly read: (playlistId: string) => Promise<Set<string>>,
  ) {}

  /**
   * The tracks of an add to `playlistId` that sit in no other sublist of the layer, and those
   * refused, each with the other playlists that hold it. `leaving`: the songs the run takes out
   * of other playlists in steps still to come (a move: every run adds a song where it goes before
   * it takes it out of where it was): those playlists do not count as holding them.
   */
  async check(
    playlistId: string,
    trackIds: readonly string[],
    leaving: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ): Promise<{ admissible: string[]; refused: { trackId: string; heldIn: string[] }[] }> {
    const others = new Map<string, Set<string>>();
    for (const other of this.playlistIds)
      if (other !== playlistId) others.set(other, await this.contents(other));
    const admissible: string[] = [];
    const refused: { trackId: string; heldIn: string[] }[] = [];
    for (const trackId of trackIds) {
      const heldIn = [...others]
        .filter(([id, held]) => held.has(trackId) && !leaving.get(id)?.has(trackId))
        .map(([id]) => id);
      if (heldIn.length === 0) admissible.push(trackId);
      else refused.push({ trackId, heldIn });
    }
    return { admissible, refused };
  }

  /** Keeps the known contents in step with the run's own writes. */
  wrote(playlistId: string, action: StepAction, trackIds: readonly string[]): void {
    const held = this.known.get(playlistId);
    if (!held) return;
    for (const id of trackIds) {
      if (action === 'add') held.add(id);
      else held.delete(id);
    }
  }

  private async contents(playlistId: string): Promise<Set<string>> {
    let held = this.known.get(playlistId);
    if (!held) this.known.set(playlistId, (held = new Set(await this.read(playlistId))));
    return held;
  }
}
