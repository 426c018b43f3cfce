import type { DataSource, Repository } from 'typeorm';
import type { SortStep } from '../../core/run-records.js';
import { SortStepEntity } from '../entities/sort-step.entity.js';

const toStep = (row: SortStepEntity): SortStep => ({
  id: row.id,
  runId: row.runId,
  seq: row.seq,
  sublistId: row.sublistId,
  playlistId: row.playlistId,
  action: row.action,
  trackIds: row.trackIds,
  done: row.done,
  snapshotId: row.snapshotId,
  unrecorded: row.unrecorded,
});

export class SortStepRepository {
  private readonly rows: Repository<SortStepEntity>;

  constructor(
    dataSource: DataSource,
    /** The clock of step completion times (default: the system clock). */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.rows = dataSource.getRepository(SortStepEntity);
  }

  /** All steps of a run in the order they apply. */
  async listFor(runId: string): Promise<SortStep[]> {
    const rows = await this.rows.find({ where: { runId }, order: { seq: 'ASC' } });
    return rows.map(toStep);
  }

  async markDone(id: string, snapshotId: string | null): Promise<void> {
    await this.rows.update({ id }, { done: true, snapshotId, doneAt: this.now() });
  }

  async markUnrecorded(id: string, trackIds: readonly string[]): Promise<void> {
    await this.rows.update({ id }, { unrecorded: [...trackIds] });
  }

  /** The steps of the layer's runs with unrecorded songs, in the order they apply. */
  async unrecordedFor(layerId: string): Promise<SortStep[]> {
    const rows = await this.rows
      .createQueryBuilder('step')
      .innerJoin('step.run', 'run')
      .where('run.layer_id = :layerId', { layerId })
      .andWhere("step.unrecorded <> '[]'::jsonb")
      .orderBy('run.created_at', 'ASC')
      .addOrderBy('step.seq', 'ASC')
      .getMany();
    return rows.map(toStep);
  }
}
