import { randomUUID } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import type { WaitingTrack } from '../../core/layer-records.js';
import type { PlannedStep } from '../../core/sort-steps.js';
import {
  nextDmTry,
  type DmRetry,
  type NewSortRun,
  type OwedPutBack,
  type PendingRun,
  type PutBackSong,
  type SortRun,
  type SortRunStatus,
} from '../../core/run-records.js';
import { SortRunEntity } from '../entities/sort-run.entity.js';
import { SortStepEntity } from '../entities/sort-step.entity.js';
import { storableText } from '../storable-text.js';
import { recordIntake, stageIntake } from './layer-track.repository.js';
import { recordWaiting, stageWaiting } from './waiting-track.repository.js';

const toRun = (row: SortRunEntity): SortRun => ({
  id: row.id,
  layerId: row.layerId,
  modelId: row.modelId,
  kind: row.kind,
  status: row.status,
  revertsRunId: row.revertsRunId,
  undoneAt: row.undoneAt,
  summary: row.summary,
  error: row.error,
  createdAt: row.createdAt,
  finishedAt: row.finishedAt,
  dmPending: row.dmPending,
  dmSentAt: row.dmSentAt,
});

/** The counters of starts a run's row keeps (RUN_APPLY_TRIES, PUT_BACK_TRIES), with their columns. */
const STARTS_COUNTED = { appliesCutShort: 'applies_cut_short', putBackTries: 'put_back_tries' } as const;

export class SortRunRepository {
  private readonly rows: Repository<SortRunEntity>;

  constructor(
    private readonly dataSource: DataSource,
    /** The clock of finish and undo times (default: the system clock). */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.rows = dataSource.getRepository(SortRunEntity);
  }

  /**
   * Journals a run, all its steps and the tracks it takes in, in one transaction, before anything
   * touches Spotify. The bulk of a first sort's intake and waiting songs is written ahead, in short
   * statements that count for nothing until that transaction commits (stageIntake, stageWaiting):
   * a crash or a failed journal before it leaves the layer as if the run had never been planned.
   */
  async create(run: NewSortRun, steps: readonly (PlannedStep & { playlistId: string })[]): Promise<SortRun> {
    const { intake: planned, waiting: plannedWaiting, dmPending, ...fields } = run;
    const id = randomUUID();
    const applied = run.status !== 'dry-run';
    const manager = this.dataSource.manager;
    const intake = planned && applied ? await stageIntake(manager, run.layerId, planned) : undefined;
    const waiting =
      plannedWaiting && applied && plannedWaiting.replace
        ? await stageWaiting(manager, run.layerId, id, plannedWaiting)
        : plannedWaiting;
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(SortRunEntity, {
          ...fields,
          id,
          revertsRunId: run.revertsRunId ?? null,
          undoneAt: null,
          error: null,
          finishedAt: null,
          dmPending: (dmPending ?? false) && run.status !== 'dry-run',
          dmAttempts: 0,
          dmSentAt: null,
        }),
      );
      for (let start = 0; start < steps.length; start += 200) {
        await manager.insert(
          SortStepEntity,
          steps.slice(start, start + 200).map((step, i) => ({
            runId: saved.id,
            seq: start + i,
            sublistId: step.sublistId,
            playlistId: step.playlistId,
            action: step.action,
            trackIds: step.trackIds,
            done: run.status === 'dry-run',
          })),
        );
      }
      if (intake) await recordIntake(manager, run.layerId, intake);
      if (waiting && applied) await recordWaiting(manager, run.layerId, waiting);
      return toRun(saved);
    });
  }

  /** Journals the steps of a run created without them (an undo, planned once journaled). */
  async setPlan(
    id: string,
    summary: unknown,
    steps: readonly (PlannedStep & { playlistId: string })[],
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(SortRunEntity, { id }, { summary: summary as object });
      await manager.delete(SortStepEntity, { runId: id });
      for (let start = 0; start < steps.length; start += 200) {
        await manager.insert(
          SortStepEntity,
          steps.slice(start, start + 200).map((step, i) => ({
            runId: id,
            seq: start + i,
            sublistId: step.sublistId,
            playlistId: step.playlistId,
            action: step.action,
            trackIds: step.trackIds,
            done: false,
          })),
        );
      }
    });
  }

  async byId(id: string): Promise<SortRun | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? toRun(row) : undefined;
  }

  async setSummary(id: string, summary: unknown): Promise<void> {
    await this.rows.update({ id }, { summary: summary as object });
  }

  async setStatus(id: string, status: SortRunStatus, error: string | null = null): Promise<void> {
    const finished = status === 'done' || status === 'failed';
    await this.rows.update(
      { id },
      {
        status,
        error: error === null ? null : storableText(error),
        ...(finished ? { finishedAt: this.now() } : {}),
      },
    );
  }

  async countFailure(id: string, error: string): Promise<number> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ applyFailures: () => 'apply_failures + 1', error: storableText(error) })
      .where('id = :id', { id })
      .returning('apply_failures')
      .execute();
    return (result.raw as { apply_failures: number }[])[0]?.apply_failures ?? 0;
  }

  startApply(id: string): Promise<number> {
    return this.countStarted(id, 'appliesCutShort');
  }

  applyEnded(id: string): Promise<void> {
    return this.giveBackStarted(id, 'appliesCutShort');
  }

  /**
   * Counts one more start of the run's apply or put-back in one statement (what a crash leaves is
   * counted or not, never half or twice); returns how many were counted before it.
   */
  private async countStarted(id: string, counter: keyof typeof STARTS_COUNTED): Promise<number> {
    const column = STARTS_COUNTED[counter];
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ [counter]: () => `${column} + 1` })
      .where('id = :id', { id })
      .returning(column)
      .execute();
    return Math.max(0, ((result.raw as Record<string, number>[])[0]?.[column] ?? 0) - 1);
  }

  /** Gives back the start counted last (it ended with a cause that does not count), no lower than none. */
  private async giveBackStarted(id: string, counter: keyof typeof STARTS_COUNTED): Promise<void> {
    const column = STARTS_COUNTED[counter];
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ [counter]: () => `${column} - 1` })
      .where('id = :id', { id })
      .andWhere(`${column} > 0`)
      .execute();
  }

  async fail(
    id: string,
    failure: {
      error: string;
      summary: unknown;
      waiting: readonly WaitingTrack[];
      retaken?: readonly string[];
    },
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const run = await manager.findOneBy(SortRunEntity, { id });
      if (!run) return;
      if (failure.waiting.length > 0)
        await recordWaiting(manager, run.layerId, { replace: false, add: failure.waiting, remove: [] });
      if (failure.retaken?.length)
        await recordIntake(manager, run.layerId, { add: failure.retaken, remove: [] });
      await manager.update(
        SortRunEntity,
        { id },
        {
          status: 'failed',
          error: storableText(failure.error),
          summary: failure.summary as object,
          finishedAt: this.now(),
        },
      );
    });
  }

  /** The run owes the put-back of `songs` from now on (none: nothing owed), its tries none yet. */
  async owePutBack(id: string, songs: readonly PutBackSong[]): Promise<void> {
    await this.rows.update({ id }, { putBack: songs.length > 0 ? [...songs] : null, putBackTries: 0 });
  }

  /** The failed runs owing a put-back, of the layer or of everyone, oldest first, with their user. */
  async putBacksOwed(layerId?: string): Promise<OwedPutBack[]> {
    const rows: { id: string; user_id: string }[] = await this.dataSource.query(
      `select r.id, l.user_id from sort_runs r join layers l on l.id = r.layer_id
        where r.status = 'failed' and r.put_back is not null and ($1::uuid is null or r.layer_id = $1)
        order by r.created_at`,
      [layerId ?? null],
    );
    const owed: OwedPutBack[] = [];
    for (const row of rows) {
      const found = await this.rows.findOneBy({ id: row.id });
      if (found?.putBack) owed.push({ run: { ...toRun(found), userId: row.user_id }, songs: found.putBack });
    }
    return owed;
  }

  startPutBack(id: string): Promise<number> {
    return this.countStarted(id, 'putBackTries');
  }

  putBackEnded(id: string): Promise<void> {
    return this.giveBackStarted(id, 'putBackTries');
  }

  async settlePutBack(id: string): Promise<void> {
    await this.rows.update({ id }, { putBack: null });
  }

  /** Claims a planned or interrupted run for one worker: true when this caller got it. */
  async claim(id: string): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ status: 'applying' })
      .where('id = :id', { id })
      .andWhere(`status in ('planned', 'applying')`)
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async markUndone(id: string): Promise<void> {
    await this.rows.update({ id }, { undoneAt: this.now() });
  }

  /** Runs that were journaled but not finished, oldest first (to resume at start). */
  async unfinished(): Promise<PendingRun[]> {
    const rows: { id: string; user_id: string }[] = await this.dataSource.query(
      `select r.id, l.user_id from sort_runs r join layers l on l.id = r.layer_id
        where r.status in ('planned', 'applying') order by r.created_at`,
    );
    const runs: PendingRun[] = [];
    for (const row of rows) {
      const run = await this.byId(row.id);
      if (run) runs.push({ ...run, userId: row.user_id });
    }
    return runs;
  }

  async unfinishedFor(layerId: string): Promise<SortRun[]> {
    const rows = await this.rows.find({
      where: [
        { layerId, status: 'planned' },
        { layerId, status: 'applying' },
      ],
      order: { createdAt: 'ASC' },
    });
    return rows.map(toRun);
  }

  /**
   * The layer's newest applied sort or sync run that changed something and is not undone yet.
   * Corrections are not undone on their own: undoing the run they corrected reverts them too.
   */
  async lastUndoable(layerId: string): Promise<SortRun | undefined> {
    const row = await this.rows
      .createQueryBuilder('run')
      .where('run.layer_id = :layerId', { layerId })
      .andWhere(`run.status = 'done'`)
      .andWhere(`run.kind in ('sort', 'sync')`)
      .andWhere('run.undone_at is null')
      .andWhere('exists (select 1 from sort_steps step where step.run_id = run.id)')
      .orderBy('run.created_at', 'DESC')
      .addOrderBy('run.finished_at', 'DESC')
      .getOne();
    return row ? toRun(row) : undefined;
  }

  /** The layer's newest `/sort` run, a dry run included. */
  async lastSort(layerId: string): Promise<SortRun | undefined> {
    const row = await this.rows.findOne({ where: { layerId, kind: 'sort' }, order: { createdAt: 'DESC' } });
    return row ? toRun(row) : undefined;
  }

  /** The layer's newest sync run that ended (done or failed). */
  async lastSyncEnded(layerId: string): Promise<SortRun | undefined> {
    const row = await this.rows
      .createQueryBuilder('run')
      .where('run.layer_id = :layerId', { layerId })
      .andWhere(`run.kind = 'sync'`)
      .andWhere(`run.status in ('done', 'failed')`)
      .orderBy('run.created_at', 'DESC')
      .getOne();
    return row ? toRun(row) : undefined;
  }

  /** Correction runs of a layer made after `since` and not undone, oldest first (applied or failed part-way). */
  async correctionsSince(layerId: string, since: Date): Promise<SortRun[]> {
    const rows = await this.rows
      .createQueryBuilder('run')
      .where('run.layer_id = :layerId', { layerId })
      .andWhere(`run.kind = 'correction'`)
      .andWhere(`run.status in ('done', 'failed')`)
      .andWhere('run.undone_at is null')
      .andWhere('run.created_at > :since', { since })
      .orderBy('run.created_at', 'ASC')
      .getMany();
    return rows.map(toRun);
  }

  /** The layer's runs of `kind` whose DM is still owed (a sync's new songs, a held /sort's or /undo's), oldest first. */
  async pendingDms(
    layerId: string,
    kind: 'sync' | 'sort' | 'undo' | 'correction' = 'sync',
  ): Promise<SortRun[]> {
    const rows = await this.rows.find({
      where: { layerId, kind, dmPending: true },
      order: { createdAt: 'ASC' },
    });
    return rows.map(toRun);
  }

  /** A DM about the run is owed from now on (unless one was sent already). */
  async oweDm(id: string): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ dmPending: true })
      .where('id = :id', { id })
      .andWhere('dm_sent_at is null')
      .execute();
  }

  /** Finished undo runs whose "undo finished" DM is still owed, oldest first, with their user. */
  async owedUndoDms(): Promise<PendingRun[]> {
    const rows: { id: string; user_id: string }[] = await this.dataSource.query(
      `select r.id, l.user_id from sort_runs r join layers l on l.id = r.layer_id
        where r.kind = 'undo' and r.dm_pending and r.status in ('done', 'failed')
        order by r.created_at`,
    );
    const runs: PendingRun[] = [];
    for (const row of rows) {
      const run = await this.byId(row.id);
      if (run) runs.push({ ...run, userId: row.user_id });
    }
    return runs;
  }

  /**
   * Counts one try at sending a run's DM, made at `at`, before it is sent; false when the DM is no
   * longer owed, when `retry.maxAttempts` tries were made already (then it is given up, dropped at
   * `at`: /status counts it), or when the last try was too recent (nextDmTry; it stays owed).
   */
  async claimDm(id: string, retry: DmRetry, at: Date): Promise<boolean> {
    const row = await this.rows.findOne({
      where: { id },
      select: { id: true, dmPending: true, dmAttempts: true, dmNextTryAt: true },
    });
    if (!row?.dmPending) return false;
    if (row.dmAttempts >= retry.maxAttempts) {
      await this.rows.update({ id, dmPending: true }, { dmPending: false, dmDroppedAt: at });
      return false;
    }
    if (row.dmNextTryAt !== null && row.dmNextTryAt > at) return false;
    const attempts = row.dmAttempts + 1;
    // Claimed by whoever counts this try first: a second pass that read the same count claims nothing.
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ dmAttempts: attempts, dmNextTryAt: nextDmTry(retry, attempts, at) })
      .where('id = :id', { id })
      .andWhere('dm_pending')
      .andWhere('dm_attempts = :seen', { seen: row.dmAttempts })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The run's DM is no longer owed: delivered at `sentAt`, or (null) refused or not to be sent. */
  async settleDm(id: string, sentAt: Date | null): Promise<void> {
    await this.rows.update({ id }, { dmPending: false, dmSentAt: sentAt });
  }

  /** The run's DM is no longer owed, and was not delivered: refused by Discord or held back too long. */
  async dropDm(id: string, at: Date): Promise<void> {
    await this.rows.update({ id }, { dmPending: false, dmDroppedAt: at });
  }

  async droppedDmsSince(userId: string, since: Date): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(
      `select count(*)::int as count from sort_runs r join layers l on l.id = r.layer_id
        where l.user_id = $1 and r.dm_dropped_at >= $2`,
      [userId, since],
    );
    return row?.count ?? 0;
  }

  /** Gives back the try just claimed, which was not made (DMs held back): owed still, tried at the next pass. */
  async releaseDm(id: string): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ dmAttempts: () => 'dm_attempts - 1', dmNextTryAt: null })
      .where('id = :id', { id })
      .andWhere('dm_pending')
      .andWhere('dm_attempts > 0')
      .execute();
  }

  /** The newest runs of one layer, newest first. */
  async recentFor(layerId: string, limit = 10): Promise<SortRun[]> {
    const rows = await this.rows.find({ where: { layerId }, order: { createdAt: 'DESC' }, take: limit });
    return rows.map(toRun);
  }
}
