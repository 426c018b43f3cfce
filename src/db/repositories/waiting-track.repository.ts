import type { DataSource, EntityManager } from 'typeorm';
import type { WaitingChange, WaitingTrack } from '../../core/layer-records.js';

const BATCH = 500;

interface WaitingRow {
  track_id: string;
  guess: string[];
  confidence: number;
  guess_trimmed: boolean;
}

const COLUMNS = 'w.track_id, w.guess, w.confidence, w.guess_trimmed';

const toWaiting = (row: WaitingRow): WaitingTrack => ({
  trackId: row.track_id,
  guess: row.guess,
  confidence: Number(row.confidence),
  ...(row.guess_trimmed ? { trimmed: true as const } : {}),
});

/** A waiting row counts once its run is journaled (or when it was written with its run). */
const WAITS = `(w.run_id is null or exists (select 1 from sort_runs r where r.id = w.run_id))`;

/** What a change writes beyond what the layer holds: a replace that repeats a song writes nothing for it. */
const differenceOf = async (
  manager: EntityManager,
  layerId: string,
  change: WaitingChange,
): Promise<{ add: readonly WaitingTrack[]; remove: readonly string[]; held: ReadonlySet<string> }> => {
  const held: WaitingRow[] = await manager.query(
    `select ${COLUMNS} from waiting_tracks w where w.layer_id = $1 and ${WAITS}`,
    [layerId],
  );
  const heldIds = new Set(held.map((row) => row.track_id));
  if (!change.replace) return { add: change.add, remove: change.remove, held: heldIds };
  // A sort replaces the whole list, which mostly holds the same songs as the last sort's: writing
  // only the difference keeps the journal's transaction, which every other user waits for, short.
  const wanted = new Map(change.add.map((track) => [track.trackId, track]));
  const unchanged = new Set(
    held
      .filter((row) => {
        const track = wanted.get(row.track_id);
        return (
          track !== undefined &&
          !row.guess_trimmed &&
          Math.fround(track.confidence) === Math.fround(Number(row.confidence)) &&
          track.guess.length === row.guess.length &&
          track.guess.every((id, i) => row.guess[i] === id)
        );
      })
      .map((row) => row.track_id),
  );
  return {
    add: change.add.filter((track) => !unchanged.has(track.trackId)),
    remove: held.filter((row) => !wanted.has(row.track_id)).map((row) => row.track_id),
    held: heldIds,
  };
};

const insertWaiting = async (
  manager: EntityManager,
  layerId: string,
  tracks: readonly WaitingTrack[],
  runId: string | null,
): Promise<void> => {
  for (let start = 0; start < tracks.length; start += BATCH) {
    const batch = tracks.slice(start, start + BATCH);
    await manager.query(
      `insert into waiting_tracks (layer_id, track_id, guess, confidence, since, run_id)
       select $1, t.track_id, array(select jsonb_array_elements_text(t.guess)), t.confidence, now(), $3
       from jsonb_to_recordset($2::jsonb) as t(track_id text, guess jsonb, confidence real)
       on conflict (layer_id, track_id)
       do update set guess = excluded.guess, confidence = excluded.confidence, run_id = excluded.run_id,
         guess_trimmed = false`,
      [
        layerId,
        JSON.stringify(batch.map((t) => ({ track_id: t.trackId, guess: t.guess, confidence: t.confidence }))),
        runId,
      ],
    );
  }
};

/**
 * Changes a layer's waiting songs on the caller's transaction (the sort-run journal writes them
 * with the plan that left those songs unplaced).
 */
export const recordWaiting = async (
  manager: EntityManager,
  layerId: string,
  change: WaitingChange,
): Promise<void> => {
  const { add, remove } = change.replace ? await differenceOf(manager, layerId, change) : change;
  if (remove.length > 0) {
    await manager.query(`delete from waiting_tracks where layer_id = $1 and track_id = any($2::text[])`, [
      layerId,
      [...remove],
    ]);
  }
  await insertWaiting(manager, layerId, add, null);
};

/**
 * Writes ahead of the journal, in short statements of their own, the songs the change adds that
 * the layer does not hold: they wait only once the run `runId` is journaled (a first sort's ~20k
 * waiting songs took most of a 2 s journal transaction, which every other user waited for).
 * Returns what is left for the journal's transaction. Staging a crash or a failed journal left
 * behind is dropped first: the caller holds the layer's run lock, so no other run stages for it.
 */
export const stageWaiting = async (
  manager: EntityManager,
  layerId: string,
  runId: string,
  change: WaitingChange,
): Promise<WaitingChange> => {
  await manager.query(
    `delete from waiting_tracks w where w.layer_id = $1 and w.run_id is not null
       and not exists (select 1 from sort_runs r where r.id = w.run_id)`,
    [layerId],
  );
  const { add, remove, held } = await differenceOf(manager, layerId, change);
  await insertWaiting(
    manager,
    layerId,
    add.filter((track) => !held.has(track.trackId)),
    runId,
  );
  return { replace: false, add: add.filter((track) => held.has(track.trackId)), remove };
};

/** The songs of a layer that wait for an answer: those a sort left unplaced and nobody answered since. */
export class WaitingTrackRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Least sure first; a song with an answer (a label) no longer waits. */
  async listFor(layerId: string): Promise<WaitingTrack[]> {
    const rows: WaitingRow[] = await this.dataSource.query(
      `select ${COLUMNS} from waiting_tracks w
       where w.layer_id = $1 and ${WAITS}
         and not exists (select 1 from labels l where l.layer_id = w.layer_id and l.track_id = w.track_id)
       order by w.confidence asc, w.track_id asc`,
      [layerId],
    );
    return rows.map(toWaiting);
  }

  async countFor(layerId: string): Promise<number> {
    const rows: { count: string | number }[] = await this.dataSource.query(
      `select count(*) as count from waiting_tracks w
       where w.layer_id = $1 and ${WAITS}
         and not exists (select 1 from labels l where l.layer_id = w.layer_id and l.track_id = w.track_id)`,
      [layerId],
    );
    return Number(rows[0]?.count ?? 0);
  }

  async latestFor(layerId: string, limit: number): Promise<string[]> {
    const rows: { track_id: string }[] = await this.dataSource.query(
      `select w.track_id from waiting_tracks w
       where w.layer_id = $1 and ${WAITS}
         and not exists (select 1 from labels l where l.layer_id = w.layer_id and l.track_id = w.track_id)
       order by w.since desc, w.track_id asc
       limit $2`,
      [layerId, limit],
    );
    return rows.map((row) => row.track_id);
  }

  /** The song if it still waits in the layer (not answered since). */
  async byTrack(layerId: string, trackId: string): Promise<WaitingTrack | undefined> {
    const rows: WaitingRow[] = await this.dataSource.query(
      `select ${COLUMNS} from waiting_tracks w
       where w.layer_id = $1 and w.track_id = $2 and ${WAITS}
         and not exists (select 1 from labels l where l.layer_id = w.layer_id and l.track_id = w.track_id)`,
      [layerId, trackId],
    );
    const row = rows[0];
    return row ? toWaiting(row) : undefined;
  }

  /** Drops a sublist removed from the layer from the guesses naming it, marking them trimmed. */
  async forgetSublist(layerId: string, sublistId: string): Promise<void> {
    await this.dataSource.query(
      `update waiting_tracks set guess = array_remove(guess, $2::text), guess_trimmed = true
        where layer_id = $1 and $2::text = any(guess)`,
      [layerId, sublistId],
    );
  }

  /** Changes the waiting songs outside a run (tests, and songs taken in without one). */
  async record(layerId: string, change: WaitingChange): Promise<void> {
    await this.dataSource.transaction((manager) => recordWaiting(manager, layerId, change));
  }
}
