import type { PlaylistWriter } from '../../src/services/ports/sort-run.ports.js';

const batches = (ids: readonly string[]): string[][] =>
  Array.from({ length: Math.ceil(ids.length / 100) }, (_, i) => ids.slice(i * 100, i * 100 + 100));

/**
 * Spotify playlists in memory for service tests: arrays (so a duplicate would show), request
 * counts, and a fault that fails the n-th write after the request went through. Held to the
 * Spotify writer (over HTTP against the fake Spotify) by test/contracts/playlist-writer.contract.ts.
 */
export class MemoryPlaylists implements PlaylistWriter {
  readonly playlists = new Map<string, string[]>();
  writes = 0;
  reads = 0;
  private version = 0;
  /** Each playlist's version: every change, by the bot or by `set` (the user), makes a new one. */
  private readonly snapshots = new Map<string, string>();
  /** Throw after this many more successful writes (the write itself is applied, like a lost answer). */
  failAfterWrites: number | undefined;

  set(playlistId: string, trackIds: readonly string[]): void {
    this.playlists.set(playlistId, [...trackIds]);
    this.snapshots.set(playlistId, `snap-${++this.version}`);
  }

  items(playlistId: string): string[] {
    return [...(this.playlists.get(playlistId) ?? [])];
  }

  /** Appends each track once, a write per 100 (as the Spotify writer batches). */
  async addTracks(_userId: string, playlistId: string, trackIds: readonly string[]): Promise<string | null> {
    let snapshot: string | null = null;
    for (const batch of batches([...new Set(trackIds)])) {
      this.playlists.set(playlistId, [...this.items(playlistId), ...batch]);
      snapshot = this.wrote(playlistId);
    }
    return snapshot;
  }

  /** Removes every occurrence, a write per 100. */
  async removeTracks(
    _userId: string,
    playlistId: string,
    trackIds: readonly string[],
  ): Promise<string | null> {
    let snapshot: string | null = null;
    for (const batch of batches([...new Set(trackIds)])) {
      const gone = new Set(batch);
      this.playlists.set(
        playlistId,
        this.items(playlistId).filter((id) => !gone.has(id)),
      );
      snapshot = this.wrote(playlistId);
    }
    return snapshot;
  }

  async trackIds(_userId: string, playlistId: string): Promise<string[]> {
    this.reads++;
    return [...new Set(this.items(playlistId))];
  }

  async snapshotId(_userId: string, playlistId: string): Promise<string | null> {
    return this.snapshots.get(playlistId) ?? null;
  }

  private wrote(playlistId: string): string {
    const snapshot = `snap-${++this.version}`;
    this.snapshots.set(playlistId, snapshot);
    this.writes++;
    if (this.failAfterWrites !== undefined) {
      if (this.failAfterWrites <= 0) {
        this.failAfterWrites = undefined;
        throw Object.assign(new Error('connection reset after the write'), { status: 503 });
      }
      this.failAfterWrites--;
    }
    return snapshot;
  }
}
