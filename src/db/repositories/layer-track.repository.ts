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

export class LayerTrackRepository {
  constructor(private readonly dataSource: DataSource) {}

  async intakeOf(layerId: string): Promise<LayerIntake> {
    const layers: { tracks_since: Date | null }[] = await this.dataSource.query(
      `select tracks_since from layers where id = $1`,
      [layerId],
    );
    const rows: { track_id: string }[] = await this.dataSource.query(
      `select track_id from layer_tracks where layer_id = $1`,
      [layerId],
    );
    return { since: layers[0]?.tracks_since ?? null, trackIds: new Set(rows.map((row) => row.track_id)) };
  }

  /** Begins (or restarts) the record with the motherlist as it is now: none of it is news. */
  async begin(layerId: string, trackIds: readonly string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`delete from layer_tracks where layer_id = $1`, [layerId]);
      await manager.query(`update layers set tracks_since = null where id = $1`, [layerId]);
      await recordIntake(manager, layerId, { add: trackIds, remove: [] });
    });
  }

  /** Takes tracks in (or out) without a run: nothing to sort, or sorting them is not wanted. */
  async record(layerId: string, change: IntakeChange): Promise<void> {
    await this.dataSource.transaction((manager) => recordIntake(manager, layerId, change));
  }
}
