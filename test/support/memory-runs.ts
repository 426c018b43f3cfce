import { randomUUID } from 'node:crypto';
import type { IntakeChange } from '../../src/core/layer-records.js';
import {
  nextDmTry,
  type PendingRun,
  type PutBackSong,
  type SortRun,
  type SortRunStatus,
  type SortStep,
} from '../../src/core/run-records.js';
import type { PlannedStep } from '../../src/core/sort-steps.js';
import type { KeepSortedDeps } from '../../src/services/sync/keep-sorted.service.js';
import type { RunDmStore, SortRunStore, SortStepStore } from '../../src/services/ports/sort-run.ports.js';
import { asJson } from './memory-library.js';
import type { MemoryStores } from './memory-stores.js';

interface RunRow extends SortRun {
  applyFailures: number;
  appliesCutShort: number;
  putBack: PutBackSong[] | null;
  putBackTries: number;
  dmAttempts: number;
  dmNextTryAt: Date | null;
  dmDroppedAt: Date | null;
}

type JournaledStep = PlannedStep & { playlistId: string };

/** An error's text as the repository stores it (text columns refuse NUL). */
const storable = (error: string | null): string | null => error?.replaceAll('\u0000', '\uFFFD') ?? null;

/**
 * The sort-run journal (runs and their steps) and a layer's intake in memory (unit tier only),
 * on the layers and waiting songs of a MemoryStores: a run needs its layer, and deleting the layer
 * forgets its runs. Held to the repositories by test/contracts/sort-run-store.contract.ts.
 */
export class MemoryRuns {
  private readonly runRows = new Map<string, RunRow>();
  private readonly stepRows = new Map<string, SortStep[]>();
  private readonly intakeRows = new Map<string, { since: Date | null; trackIds: Set<string> }>();
  private lastCreatedAt = 0;

  constructor(
    private readonly stores: MemoryStores,
    /** The clock of finish and undo times, as the repositories take it. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  readonly runs: SortRunStore & RunDmStore = {
    create: async (run, steps) => {
      await this.requireLayer(run.layerId);
      const { intake, waiting, dmPending, ...fields } = run;
      const row: RunRow = {
        ...fields,
        id: randomUUID(),
        summary: asJson(run.summary ?? {}),
        revertsRunId: run.revertsRunId ?? null,
        undoneAt: null,
        error: null,
        createdAt: await this.creationTime(),
        finishedAt: null,
        dmPending: (dmPending ?? false) && run.status !== 'dry-run',
        dmSentAt: null,
        applyFailures: 0,
        appliesCutShort: 0,
        putBack: null,
        putBackTries: 0,
        dmAttempts: 0,
        dmNextTryAt: null,
        dmDroppedAt: null,
      };
      if (waiting && run.status !== 'dry-run') await this.stores.waiting.record(run.layerId, waiting);
      this.runRows.set(row.id, row);
      this.stepRows.set(row.id, this.journal(row.id, steps, run.status === 'dry-run'));
      if (intake && run.status !== 'dry-run') this.recordIntake(run.layerId, intake);
      return this.copy(row)!;
    },
    setPlan: async (id, summary, steps) => {
      const row = this.runRows.get(id);
      if (row) row.summary = asJson(summary ?? {});
      // A step needs its run: the database refuses steps of a missing one.
      if (!row && steps.length > 0) throw new Error(`in-memory store: no sort run ${id}`);
      if (row) this.stepRows.set(id, this.journal(id, steps, false));
    },
    byId: async (id) => this.copy(this.liveRun(id)),
    setSummary: async (id, summary) => {
      const row = this.liveRun(id);
      if (row) row.summary = asJson(summary ?? {});
    },
    setStatus: async (id, status: SortRunStatus, error: string | null = null) => {
      const row = this.liveRun(id);
      if (!row) return;
      Object.assign(row, { status, error: storable(error) });
      if (status === 'done' || status === 'failed') row.finishedAt = this.now();
    },
    countFailure: async (id, error) => {
      const row = this.liveRun(id);
      if (!row) return 0;
      row.error = storable(error);
      return ++row.applyFailures;
    },
    startApply: async (id) => {
      const row = this.liveRun(id);
      return row ? row.appliesCutShort++ : 0;
    },
    applyEnded: async (id) => {
      const row = this.liveRun(id);
      if (row && row.appliesCutShort > 0) row.appliesCutShort--;
    },
    fail: async (id, { error, summary, waiting, retaken }) => {
      const row = this.liveRun(id);
      if (!row) return;
      if (waiting.length > 0)
        await this.stores.waiting.record(row.layerId, { replace: false, add: waiting, remove: [] });
      if (retaken?.length) this.recordIntake(row.layerId, { add: retaken, remove: [] });
      Object.assign(row, {
        status: 'failed',
        error: storable(error),
        summary: asJson(summary ?? {}),
        finishedAt: this.now(),
      });
    },
    owePutBack: async (id, songs) => {
      const row = this.liveRun(id);
      if (row) Object.assign(row, { putBack: songs.length > 0 ? asJson(songs) : null, putBackTries: 0 });
    },
    putBacksOwed: async (layerId) => {
      const rows = this.oldestFirst(
        (row) => row.status === 'failed' && row.putBack !== null && (layerId ?? row.layerId) === row.layerId,
      );
      return (await this.withUsers(rows)).map((run) => ({
        run,
        songs: structuredClone(this.runRows.get(run.id)?.putBack ?? []),
      }));
    },
    startPutBack: async (id) => {
      const row = this.liveRun(id);
      return row ? row.putBackTries++ : 0;
    },
    putBackEnded: async (id) => {
      const row = this.liveRun(id);
      if (row && row.putBackTries > 0) row.putBackTries--;
    },
    settlePutBack: async (id) => {
      const row = this.liveRun(id);
      if (row) row.putBack = null;
    },
    markUndone: async (id) => {
      const row = this.liveRun(id);
      if (row) row.undoneAt = this.now();
    },
    unfinished: async () => this.withUsers(this.oldestFirst((row) => this.isUnfinished(row))),
    unfinishedFor: async (layerId) =>
      this.oldestFirst((row) => row.layerId === layerId && this.isUnfinished(row)).map((row) =>
        this.copy(row)!,
      ),
    lastUndoable: async (layerId) =>
      this.copy(
        this.oldestFirst(
          (row) =>
            row.layerId === layerId &&
            row.status === 'done' &&
            (row.kind === 'sort' || row.kind === 'sync') &&
            row.undoneAt === null &&
            (this.stepRows.get(row.id)?.length ?? 0) > 0,
        ).at(-1),
      ),
    lastSort: async (layerId) =>
      this.copy(this.oldestFirst((row) => row.layerId === layerId && row.kind === 'sort').at(-1)),
    lastSyncEnded: async (layerId) =>
      this.copy(
        this.oldestFirst(
          (row) =>
            row.layerId === layerId &&
            row.kind === 'sync' &&
            (row.status === 'done' || row.status === 'failed'),
        ).at(-1),
      ),
    correctionsSince: async (layerId, since) =>
      this.oldestFirst(
        (row) =>
          row.layerId === layerId &&
          row.kind === 'correction' &&
          (row.status === 'done' || row.status === 'failed') &&
          row.undoneAt === null &&
          row.createdAt > since,
      ).map((row) => this.copy(row)!),
    oweDm: async (id) => {
      const row = this.liveRun(id);
      if (row && row.dmSentAt === null) row.dmPending = true;
    },
    owedUndoDms: async () =>
      this.withUsers(
        this.oldestFirst(
          (row) => row.kind === 'undo' && row.dmPending && (row.status === 'done' || row.status === 'failed'),
        ),
      ),
    pendingDms: async (layerId, kind = 'sync') =>
      this.oldestFirst((row) => row.layerId === layerId && row.kind === kind && row.dmPending).map((row) =>
        this.copy(row)!,
      ),
    claimDm: async (id, retry, at) => {
      const row = this.liveRun(id);
      if (!row?.dmPending) return false;
      if (row.dmAttempts >= retry.maxAttempts) {
        Object.assign(row, { dmPending: false, dmDroppedAt: at });
        return false;
      }
      if (row.dmNextTryAt !== null && row.dmNextTryAt > at) return false;
      row.dmAttempts++;
      row.dmNextTryAt = nextDmTry(retry, row.dmAttempts, at);
      return true;
    },
    settleDm: async (id, sentAt) => {
      const row = this.liveRun(id);
      if (row) Object.assign(row, { dmPending: false, dmSentAt: sentAt });
    },
    dropDm: async (id, at) => {
      const row = this.liveRun(id);
      if (row) Object.assign(row, { dmPending: false, dmDroppedAt: at });
    },
    droppedDmsSince: async (userId, since) =>
      (
        await this.withUsers(this.oldestFirst((row) => row.dmDroppedAt !== null && row.dmDroppedAt >= since))
      ).filter((run) => run.userId === userId).length,
    releaseDm: async (id) => {
      const row = this.liveRun(id);
      if (!row?.dmPending || row.dmAttempts === 0) return;
      row.dmAttempts--;
      row.dmNextTryAt = null;
    },
  };

  readonly steps: SortStepStore = {
    listFor: async (runId) =>
      this.liveRun(runId) ? (this.stepRows.get(runId) ?? []).map((step) => this.copyStep(step)) : [],
    markDone: async (id, snapshotId) => {
      for (const steps of this.stepRows.values()) {
        const step = steps.find((row) => row.id === id);
        if (step) Object.assign(step, { done: true, snapshotId });
      }
    },
    markUnrecorded: async (id, trackIds) => {
      for (const steps of this.stepRows.values()) {
        const step = steps.find((row) => row.id === id);
        if (step) step.unrecorded = [...trackIds];
      }
    },
    unrecordedFor: async (layerId) =>
      this.oldestFirst((run) => run.layerId === layerId).flatMap((run) =>
        (this.stepRows.get(run.id) ?? [])
          .filter((step) => step.unrecorded.length > 0)
          .map((step) => this.copyStep(step)),
      ),
  };

  /** The tracks a layer took in of its motherlist (the layer-track repository). */
  readonly intake: KeepSortedDeps['intake'] = {
    intakeOf: async (layerId) => {
      const row = (await this.stores.layers.byId(layerId)) ? this.intakeRows.get(layerId) : undefined;
      return { since: row?.since ?? null, trackIds: new Set(row?.trackIds) };
    },
    begin: async (layerId, trackIds) => {
      this.intakeRows.delete(layerId);
      this.recordIntake(layerId, { add: trackIds, remove: [] });
    },
    record: async (layerId, change) => this.recordIntake(layerId, change),
  };

  private journal(runId: string, steps: readonly JournaledStep[], done: boolean): SortStep[] {
    return steps.map((step, seq) => ({
      id: randomUUID(),
      runId,
      seq,
      sublistId: step.sublistId,
      playlistId: step.playlistId,
      action: step.action,
      trackIds: [...step.trackIds],
      done,
      snapshotId: null,
      unrecorded: [],
    }));
  }

  /**
   * Strictly increasing, as the database's microsecond times are for runs made one after another,
   * and never ahead of the clock, as the database's are not: a run made in the millisecond of the
   * one before waits for the next (a time ahead would make a hand edit found just after the run
   * older than it).
   */
  private async creationTime(): Promise<Date> {
    while (Date.now() <= this.lastCreatedAt) await new Promise((resolve) => setImmediate(resolve));
    this.lastCreatedAt = Date.now();
    return new Date(this.lastCreatedAt);
  }

  private recordIntake(layerId: string, change: IntakeChange): void {
    const row = this.intakeRows.get(layerId) ?? { since: null, trackIds: new Set<string>() };
    for (const trackId of change.add) row.trackIds.add(trackId);
    for (const trackId of change.remove) row.trackIds.delete(trackId);
    row.since ??= new Date();
    this.intakeRows.set(layerId, row);
  }

  private isUnfinished(row: RunRow): boolean {
    return row.status === 'planned' || row.status === 'applying';
  }

  /** The runs whose layer still exists (deleting a layer cascades to its runs), oldest first. */
  private oldestFirst(which: (row: RunRow) => boolean): RunRow[] {
    return [...this.runRows.values()]
      .filter((row) => this.stores.hasLayer(row.layerId) && which(row))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  private liveRun(id: string): RunRow | undefined {
    const row = this.runRows.get(id);
    return row && this.stores.hasLayer(row.layerId) ? row : undefined;
  }

  private async withUsers(rows: readonly RunRow[]): Promise<PendingRun[]> {
    const runs: PendingRun[] = [];
    for (const row of rows) {
      const layer = await this.stores.layers.byId(row.layerId);
      if (layer) runs.push({ ...this.copy(row)!, userId: layer.userId });
    }
    return runs;
  }

  private async requireLayer(layerId: string): Promise<void> {
    if (!(await this.stores.layers.byId(layerId))) throw new Error(`in-memory store: no layer ${layerId}`);
  }

  private copy(row: RunRow | undefined): SortRun | undefined {
    if (!row) return undefined;
    const {
      applyFailures: _failures,
      appliesCutShort: _cutShort,
      putBack: _putBack,
      putBackTries: _putBackTries,
      dmAttempts: _attempts,
      dmNextTryAt: _nextTry,
      dmDroppedAt: _dropped,
      ...run
    } = row;
    return { ...run, summary: structuredClone(run.summary) };
  }

  private copyStep(step: SortStep): SortStep {
    return { ...step, trackIds: [...step.trackIds], unrecorded: [...step.unrecorded] };
  }
}
