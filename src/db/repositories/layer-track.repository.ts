import type { DataSource, EntityManager } from 'typeorm';
import type { IntakeChange, LayerIntake } from '../../core/layer-records.js';

/**
 * Adds and removes taken-in tracks and begins the record if needed, on the caller's transaction
 * (the sort-run journal writes it with the plan that sorts those tracks).
 */
export const recordIntake = async (
  manager: EntityManager,
  layerId: string,
  change: IntakeChange,
): Promise<void> => {
  if (change.add.length > 0) {
    await manager.query(
      `insert into layer_tracks (layer_id, track_id) select $1, unnest($2::text[]) on conflict do nothing`,
      [layerId, [...change.add]],
    );
  }
  if (change.remove.length > 0) {
    await manager.query(`delete from layer_tracks where layer_id = $1 and track_id = any($2::text[])`, [
      layerId,
      [...change.remove],
    ]);
  }
  await manager.query(`update layers set tracks_since = now() where id = $1 and tracks_since is null`, [
    layerId,
  ]);
};

/** Tracks per statement when a first intake is written ahead of its journal. */
const STAGE_BATCH = 2_000;

/**
 * Writes ahead of the journal what a run's intake adds, and returns what is left for the journal's
 * transaction. While the layer's record has not begun (`tracks_since` null) its rows mean nothing
 * (intakeOf reports none; a sync begins the record from the motherlist as it is), so a first
 * intake goes in short statements of their own and the journal only begins the record: a 28k-track
 * first intake in the journal held the database 0.8-1.1 s while every other user waited. Rows a
 * crash or a failed journal left behind are taken out by the journal that finally begins it. Once
 * begun, the journal writes only the tracks not taken in yet. The caller holds the layer's run lock.
 */
export const stageIntake = async (
  manager: EntityManager,
  layerId: string,
  change: IntakeChange,
): Promise<IntakeChange> => {
  const layers: { tracks_since: Date | null }[] = await manager.query(
    `select tracks_since from layers where id = $1`,
    [layerId],
  );
  const begun = Boolean(layers[0]?.tracks_since);
  // A sync's few new likes go in with the journal as they are, without reading the whole record.
  if (begun && change.add.length <= STAGE_BATCH) return change;
  const rows: { track_id: string }[] = await manager.query(
    `select track_id from layer_tracks where layer_id = $1`,
    [layerId],
  );
  const held = new Set(rows.map((row) => row.track_id));
  const missing = [...new Set(change.add)].filter((id) => !held.has(id));
  if (begun) return { add: missing, remove: change.remove };
  for (let start = 0; start < missing.length; start += STAGE_BATCH) {
    await manager.query(
      `insert into layer_tracks (layer_id, track_id) select $1, unnest($2::text[]) on conflict do nothing`,
      [layerId, missing.slice(start, start + STAGE_BATCH)],
    );
  }
  const adding = new Set(change.add);
  return { add: [], remove: [...change.remove, ...[...held].filter((id) => !adding.has(id))] };
};

export class LayerTrackRepository {
  constructor(private readonly dataSource: DataSource) {}

  async intakeOf(layerId: string): Promise<LayerIntake> {
    const layers: { tracks_since: Date | null }[] = await this.dataSource.query(
      `select tracks_since from layers where id = $1`,
      [layerId],
    );
    const since = layers[0]?.tracks_since ?? null;
    // Before the record begins, rows are a first intake written ahead of its journal (stageIntake).
    if (since === null) return { since, trackIds: new Set() };
    const rows: { track_id: string }[] = await this.dataSource.query(
      `select track_id from layer_tracks where layer_id = $1`,
      [layerId],
    );
    return { since, trackIds: new Set(rows.map((row) => row.track_id)) };
  }

  /**
   * Begins (or restarts) the record with the motherlist as it is now: none of it is news. Not begun
   * first, so that the tracks go in as a first sort's do (stageIntake), in short statements, and a
   * crash part-way leaves the record not begun: the next sync begins it again.
   */
  async begin(layerId: string, trackIds: readonly string[]): Promise<void> {
    await this.dataSource.query(`update layers set tracks_since = null where id = $1`, [layerId]);
    const left = await stageIntake(this.dataSource.manager, layerId, { add: trackIds, remove: [] });
    await this.dataSource.transaction((manager) => recordIntake(manager, layerId, left));
  }

  /** Takes tracks in (or out) without a run: nothing to sort, or sorting them is not wanted. */
  async record(layerId: string, change: IntakeChange): Promise<void> {
    await this.dataSource.transaction((manager) => recordIntake(manager, layerId, change));
  }
}
