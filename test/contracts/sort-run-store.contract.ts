import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NewSortRun, SortRunKind } from '../../src/core/run-records.js';
import type { PlannedStep } from '../../src/core/sort-steps.js';
import type { KeepSortedDeps } from '../../src/services/sync/keep-sorted.service.js';
import type { LayerStore, WaitingStore } from '../../src/services/ports/layer.ports.js';
import type { RunDmStore, SortRunStore, SortStepStore } from '../../src/services/ports/sort-run.ports.js';
import type { UserStore } from '../../src/services/ports/user.ports.js';
import { freshLayer } from './fresh-layer.js';

export interface SortRunStores {
  users: UserStore;
  layers: LayerStore;
  waiting: WaitingStore;
  runs: SortRunStore & RunDmStore;
  steps: SortStepStore;
  intake: KeepSortedDeps['intake'];
}

const step = (
  sublistId: string,
  action: 'add' | 'remove',
  trackIds: string[],
): PlannedStep & { playlistId: string } => ({
  sublistId,
  playlistId: `pl-${sublistId}`,
  action,
  trackIds,
});

const newRun = (layerId: string, kind: SortRunKind, fields: Partial<NewSortRun> = {}): NewSortRun => ({
  layerId,
  modelId: null,
  kind,
  status: 'planned',
  summary: {},
  ...fields,
});

/** What the sort-run journal promises (fake and repository alike); one layer per test. */
export const sortRunStoreContract = (stores: () => SortRunStores): void => {
  const newLayer = () => freshLayer(stores());
  /** A run journaled and applied (status done), with one step unless `steps` says otherwise. */
  const applied = async (
    layerId: string,
    kind: SortRunKind,
    steps = [step(randomUUID(), 'add', ['t-1'])],
  ) => {
    const run = await stores().runs.create(newRun(layerId, kind), steps);
    await stores().runs.setStatus(run.id, 'done');
    return run;
  };

  describe('sort runs and steps', () => {
    it('journals a run with its steps in order; a dry run is journaled done and owes no DM', async () => {
      const layer = await newLayer();
      const sublist = randomUUID();
      const when = new Date('2026-03-01T10:00:00Z');
      const run = await stores().runs.create(
        newRun(layer.id, 'sort', { summary: { at: when, counts: [1, 2], none: undefined }, dmPending: true }),
        [step(sublist, 'remove', ['t-1']), step(sublist, 'add', ['t-2', 't-3'])],
      );
      expect(run).toMatchObject({
        layerId: layer.id,
        kind: 'sort',
        status: 'planned',
        revertsRunId: null,
        undoneAt: null,
        error: null,
        finishedAt: null,
        dmPending: true,
        dmSentAt: null,
      });
      // The summary is stored as JSON: a date comes back as its text.
      expect((await stores().runs.byId(run.id))?.summary).toEqual({ at: when.toISOString(), counts: [1, 2] });
      const steps = await stores().steps.listFor(run.id);
      expect(steps.map((s) => [s.seq, s.action, s.trackIds, s.playlistId, s.done, s.snapshotId])).toEqual([
        [0, 'remove', ['t-1'], `pl-${sublist}`, false, null],
        [1, 'add', ['t-2', 't-3'], `pl-${sublist}`, false, null],
      ]);
      await stores().steps.markDone(steps[1]!.id, 'snap-9');
      expect((await stores().steps.listFor(run.id)).map((s) => [s.done, s.snapshotId])).toEqual([
        [false, null],
        [true, 'snap-9'],
      ]);

      const dry = await stores().runs.create(
        newRun(layer.id, 'sort', { status: 'dry-run', dmPending: true }),
        [step(sublist, 'add', ['t-4'])],
      );
      expect(dry.dmPending).toBe(false);
      expect((await stores().steps.listFor(dry.id)).map((s) => s.done)).toEqual([true]);
      expect(await stores().runs.byId(randomUUID())).toBeUndefined();
      expect(await stores().steps.listFor(randomUUID())).toEqual([]);
    });

    it('keeps a step’s unrecorded songs until they are cleared; lists the layer’s steps that have some, oldest run first', async () => {
      const layer = await newLayer();
      const other = await newLayer();
      const sublist = randomUUID();
      const first = await stores().runs.create(newRun(layer.id, 'sync'), [
        step(sublist, 'add', ['t-1', 't-2']),
        step(sublist, 'remove', ['t-3']),
      ]);
      const second = await stores().runs.create(newRun(layer.id, 'sort'), [step(sublist, 'add', ['t-4'])]);
      const elsewhere = await stores().runs.create(newRun(other.id, 'sort'), [
        step(randomUUID(), 'add', ['t-5']),
      ]);
      expect((await stores().steps.listFor(first.id)).map((s) => s.unrecorded)).toEqual([[], []]);
      expect(await stores().steps.unrecordedFor(layer.id)).toEqual([]);
      const [added, removed] = await stores().steps.listFor(first.id);
      const [later] = await stores().steps.listFor(second.id);
      await stores().steps.markUnrecorded(later!.id, ['t-4']);
      await stores().steps.markUnrecorded(removed!.id, ['t-3']);
      await stores().steps.markUnrecorded(added!.id, ['t-2']);
      await stores().steps.markUnrecorded((await stores().steps.listFor(elsewhere.id))[0]!.id, ['t-5']);
      expect(
        (await stores().steps.unrecordedFor(layer.id)).map((s) => [s.runId, s.seq, s.action, s.unrecorded]),
      ).toEqual([
        [first.id, 0, 'add', ['t-2']],
        [first.id, 1, 'remove', ['t-3']],
        [second.id, 0, 'add', ['t-4']],
      ]);
      await stores().steps.markUnrecorded(removed!.id, []);
      expect((await stores().steps.unrecordedFor(layer.id)).map((s) => s.id)).toEqual([added!.id, later!.id]);
      expect((await stores().steps.listFor(first.id)).map((s) => [s.done, s.unrecorded])).toEqual([
        [false, ['t-2']],
        [false, []],
      ]);
    });

    it('refuses a run of a missing layer', async () => {
      await expect(stores().runs.create(newRun(randomUUID(), 'sort'), [])).rejects.toThrow();
    });

    it('a finished run has a finish time; a failed one keeps its error; setPlan replaces the steps', async () => {
      const layer = await newLayer();
      const run = await stores().runs.create(newRun(layer.id, 'undo'), []);
      await stores().runs.setStatus(run.id, 'applying');
      expect(await stores().runs.byId(run.id)).toMatchObject({ status: 'applying', finishedAt: null });
      await stores().runs.setStatus(run.id, 'failed', 'spotify said no');
      const failed = await stores().runs.byId(run.id);
      expect(failed).toMatchObject({ status: 'failed', error: 'spotify said no' });
      expect(failed?.finishedAt).toBeInstanceOf(Date);

      const undo = await stores().runs.create(newRun(layer.id, 'undo', { revertsRunId: run.id }), [
        step(randomUUID(), 'add', ['old']),
      ]);
      expect(undo.revertsRunId).toBe(run.id);
      const sublist = randomUUID();
      await stores().runs.setPlan(undo.id, { planned: true }, [
        step(sublist, 'remove', ['t-1', 't-2']),
        step(sublist, 'add', ['t-3']),
      ]);
      expect((await stores().runs.byId(undo.id))?.summary).toEqual({ planned: true });
      expect((await stores().steps.listFor(undo.id)).map((s) => [s.seq, s.trackIds, s.done])).toEqual([
        [0, ['t-1', 't-2'], false],
        [1, ['t-3'], false],
      ]);
    });

    it('setSummary replaces the summary of a run, and nothing else', async () => {
      const layer = await newLayer();
      const run = await stores().runs.create(newRun(layer.id, 'sort', { summary: { placed: ['t-1'] } }), [
        step(randomUUID(), 'add', ['t-1']),
      ]);
      await stores().runs.setStatus(run.id, 'applying');
      const summary = {
        placed: [],
        refused: [{ trackId: 't-1', trackName: 'one', sublistId: 's-1', heldIn: ['s-2'] }],
      };
      await stores().runs.setSummary(run.id, summary);
      expect(await stores().runs.byId(run.id)).toMatchObject({ status: 'applying', summary });
      expect((await stores().steps.listFor(run.id)).map((s) => s.trackIds)).toEqual([['t-1']]);
      await stores().runs.setSummary(randomUUID(), {});
    });

    it('fail ends a run with its error and summary, makes its unplaced songs wait and takes its unremoved songs back in, at once', async () => {
      const layer = await newLayer();
      const run = await stores().runs.create(
        newRun(layer.id, 'sync', { summary: { placed: [] }, intake: { add: ['t-0'], remove: ['t-2'] } }),
        [],
      );
      await stores().runs.setStatus(run.id, 'applying');
      const summary = { placed: [], failed: { reference: 'ab12cd34', unplacedCount: 0, unplaced: [] } };
      await stores().runs.fail(run.id, {
        error: 'POST answered 403',
        summary,
        waiting: [{ trackId: 't-1', guess: ['s-1'], confidence: 0.9 }],
        retaken: ['t-2'],
      });
      expect([...(await stores().intake.intakeOf(layer.id)).trackIds].sort()).toEqual(['t-0', 't-2']);
      const failed = await stores().runs.byId(run.id);
      expect(failed).toMatchObject({ status: 'failed', error: 'POST answered 403', summary });
      expect(failed?.finishedAt).toBeInstanceOf(Date);
      expect(await stores().runs.unfinishedFor(layer.id)).toEqual([]);
      expect(
        (await stores().waiting.listFor(layer.id)).map((w) => [w.trackId, w.guess, w.confidence]),
      ).toEqual([['t-1', ['s-1'], expect.closeTo(0.9, 5)]]);
      await stores().runs.fail(randomUUID(), { error: 'gone', summary: {}, waiting: [] });
    });

    it('counts the failed applies of a run with its last error, each counted once, its status kept', async () => {
      const layer = await newLayer();
      const run = await stores().runs.create(newRun(layer.id, 'sync'), [step(randomUUID(), 'add', ['t-1'])]);
      const other = await stores().runs.create(newRun(layer.id, 'sort'), []);
      expect(await stores().runs.countFailure(run.id, 'first')).toBe(1);
      // Two at once (two processes): neither count is lost.
      const counts = await Promise.all([
        stores().runs.countFailure(run.id, 'again'),
        stores().runs.countFailure(run.id, 'again'),
      ]);
      expect(counts.sort()).toEqual([2, 3]);
      expect(await stores().runs.byId(run.id)).toMatchObject({ status: 'planned', error: 'again' });
      expect(await stores().runs.countFailure(other.id, 'its own')).toBe(1);
      await stores().runs.setStatus(run.id, 'applying');
      expect(await stores().runs.countFailure(run.id, 'later')).toBe(4);
      expect(await stores().runs.byId(run.id)).toMatchObject({ status: 'applying', error: 'later' });
      expect(await stores().runs.countFailure(randomUUID(), 'gone')).toBe(0);
    });

    it('counts the applies of a run cut short: each as it starts, given back once it ended', async () => {
      const layer = await newLayer();
      const run = await stores().runs.create(newRun(layer.id, 'sort'), [step(randomUUID(), 'add', ['t-1'])]);
      const other = await stores().runs.create(newRun(layer.id, 'sync'), []);
      expect(await stores().runs.startApply(run.id)).toBe(0);
      // The process died in it: the next start counts it.
      expect(await stores().runs.startApply(run.id)).toBe(1);
      await stores().runs.applyEnded(run.id);
      expect(await stores().runs.startApply(run.id)).toBe(1);
      // Two at once (two processes): neither count is lost.
      expect((await Promise.all([0, 1].map(() => stores().runs.startApply(run.id)))).sort()).toEqual([2, 3]);
      expect(await stores().runs.startApply(other.id)).toBe(0);
      // Given back no lower than none.
      for (let i = 0; i < 6; i++) await stores().runs.applyEnded(run.id);
      expect(await stores().runs.startApply(run.id)).toBe(0);
      expect(await stores().runs.byId(run.id)).toMatchObject({ status: 'planned', error: null });
      expect(await stores().runs.startApply(randomUUID())).toBe(0);
      await stores().runs.applyEnded(randomUUID());
    });

    it('owes a failed run’s put-back until it is settled, its tries counted as they start and given back after a passing failure', async () => {
      const layer = await newLayer();
      const other = await newLayer();
      const one = {
        trackId: 't-1',
        trackName: 'A – One',
        playlists: ['pl-a', 'pl-b'],
        held: ['pl-a', 'pl-b'],
        back: ['pl-a'],
      };
      const two = { trackId: 't-2', trackName: 'B – Two', playlists: ['pl-b'], held: [], back: ['pl-b'] };
      const first = await stores().runs.create(newRun(layer.id, 'sort'), []);
      const second = await stores().runs.create(newRun(layer.id, 'correction'), []);
      const elsewhere = await stores().runs.create(newRun(other.id, 'sync'), []);
      const unowed = await stores().runs.create(newRun(layer.id, 'sort'), []);
      await stores().runs.owePutBack(second.id, [one]);
      await stores().runs.owePutBack(first.id, [one, two]);
      await stores().runs.owePutBack(elsewhere.id, [two]);
      // Owed before the run is marked failed: nothing is put back while the run may still be finished.
      expect(await stores().runs.putBacksOwed(layer.id)).toEqual([]);
      for (const run of [first, second, elsewhere, unowed])
        await stores().runs.fail(run.id, { error: 'no', summary: {}, waiting: [] });
      const owedRun = (id: string, layerId: string) =>
        expect.objectContaining({ id, layerId, status: 'failed', userId: layer.userId });
      expect(await stores().runs.putBacksOwed(layer.id)).toEqual([
        { run: owedRun(first.id, layer.id), songs: [one, two] },
        { run: owedRun(second.id, layer.id), songs: [one] },
      ]);
      const everyone = (await stores().runs.putBacksOwed()).filter((owed) =>
        [layer.id, other.id].includes(owed.run.layerId),
      );
      expect(everyone.map((owed) => owed.run.id)).toEqual([first.id, second.id, elsewhere.id]);

      expect(await stores().runs.startPutBack(first.id)).toBe(0);
      // The process died in it: the next pass counts it.
      expect(await stores().runs.startPutBack(first.id)).toBe(1);
      await stores().runs.putBackEnded(first.id);
      expect(await stores().runs.startPutBack(first.id)).toBe(1);
      // Two at once (two processes): neither count is lost.
      expect((await Promise.all([0, 1].map(() => stores().runs.startPutBack(first.id)))).sort()).toEqual([
        2, 3,
      ]);
      expect(await stores().runs.startPutBack(second.id)).toBe(0);
      // Given back no lower than none.
      for (let i = 0; i < 6; i++) await stores().runs.putBackEnded(first.id);
      expect(await stores().runs.startPutBack(first.id)).toBe(0);
      expect(await stores().runs.startPutBack(randomUUID())).toBe(0);
      await stores().runs.putBackEnded(randomUUID());
      // Owed anew (the run ended again): its tries begin again.
      expect(await stores().runs.startPutBack(first.id)).toBe(1);
      await stores().runs.owePutBack(first.id, [two]);
      expect(await stores().runs.startPutBack(first.id)).toBe(0);

      await stores().runs.settlePutBack(first.id);
      expect(await stores().runs.putBacksOwed(layer.id)).toEqual([
        { run: owedRun(second.id, layer.id), songs: [one] },
      ]);
      // No song owed: no put-back owed.
      await stores().runs.owePutBack(second.id, []);
      expect(await stores().runs.putBacksOwed(layer.id)).toEqual([]);
      await stores().runs.settlePutBack(randomUUID());
      // The run's other fields are its own.
      expect(await stores().runs.byId(first.id)).toMatchObject({
        status: 'failed',
        error: 'no',
        summary: {},
      });
      // Deleting the layer forgets them.
      await stores().layers.delete(other.id);
      expect((await stores().runs.putBacksOwed()).map((owed) => owed.run.id)).not.toContain(elsewhere.id);
    });

    it('stores any error text: a NUL character (which PostgreSQL text refuses) as U+FFFD', async () => {
      const layer = await newLayer();
      const run = await stores().runs.create(newRun(layer.id, 'sync'), []);
      expect(await stores().runs.countFailure(run.id, 'counted \u0000 once')).toBe(1);
      expect((await stores().runs.byId(run.id))?.error).toBe('counted \uFFFD once');
      await stores().runs.setStatus(run.id, 'applying', 'passing \u0000');
      expect((await stores().runs.byId(run.id))?.error).toBe('passing \uFFFD');
      await stores().runs.fail(run.id, { error: 'ended \u0000', summary: {}, waiting: [] });
      expect(await stores().runs.byId(run.id)).toMatchObject({ status: 'failed', error: 'ended \uFFFD' });
    });

    it('the last sync that ended: the newest done or failed sync run', async () => {
      const layer = await newLayer();
      expect(await stores().runs.lastSyncEnded(layer.id)).toBeUndefined();
      const done = await applied(layer.id, 'sync');
      await applied(layer.id, 'sort');
      await stores().runs.create(newRun(layer.id, 'sync'), []);
      expect((await stores().runs.lastSyncEnded(layer.id))?.id).toBe(done.id);
      const failing = await stores().runs.create(newRun(layer.id, 'sync'), []);
      await stores().runs.fail(failing.id, { error: 'no', summary: {}, waiting: [] });
      expect(await stores().runs.lastSyncEnded(layer.id)).toMatchObject({ id: failing.id, status: 'failed' });
    });

    it('finds unfinished runs oldest first, with their user', async () => {
      const layer = await newLayer();
      const first = await stores().runs.create(newRun(layer.id, 'sort'), []);
      const second = await stores().runs.create(newRun(layer.id, 'sync'), []);
      await stores().runs.setStatus(second.id, 'applying');
      const done = await applied(layer.id, 'sort');
      await stores().runs.create(newRun(layer.id, 'sort', { status: 'dry-run' }), []);
      expect((await stores().runs.unfinishedFor(layer.id)).map((r) => r.id)).toEqual([first.id, second.id]);
      const everyone = (await stores().runs.unfinished()).filter((r) => r.layerId === layer.id);
      expect(everyone.map((r) => [r.id, r.userId])).toEqual([
        [first.id, layer.userId],
        [second.id, layer.userId],
      ]);
      expect(everyone.map((r) => r.id)).not.toContain(done.id);
    });

    it('a run’s creation time is never later than the clock read once it is journaled, however fast runs follow one another', async () => {
      // A hand edit found after a run began is dated by the process's clock (`detectedAt`) and
      // compared with the run's creation time: one found within the same millisecond counts as since.
      const layer = await newLayer();
      for (let i = 0; i < 20; i++) {
        const run = await stores().runs.create(newRun(layer.id, 'sync'), []);
        expect(run.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
      }
    });

    it('the last undoable run: the newest applied sort or sync that wrote something and is not undone', async () => {
      const layer = await newLayer();
      expect(await stores().runs.lastUndoable(layer.id)).toBeUndefined();
      const sort = await applied(layer.id, 'sort');
      expect((await stores().runs.lastUndoable(layer.id))?.id).toBe(sort.id);
      const sync = await applied(layer.id, 'sync');
      await applied(layer.id, 'correction');
      await applied(layer.id, 'undo');
      await applied(layer.id, 'sort', []);
      await stores().runs.create(newRun(layer.id, 'sort'), [step(randomUUID(), 'add', ['t-9'])]);
      expect((await stores().runs.lastUndoable(layer.id))?.id).toBe(sync.id);
      await stores().runs.markUndone(sync.id);
      expect((await stores().runs.byId(sync.id))?.undoneAt).toBeInstanceOf(Date);
      expect((await stores().runs.lastUndoable(layer.id))?.id).toBe(sort.id);
      expect(await stores().runs.lastUndoable((await newLayer()).id)).toBeUndefined();
    });

    it('the last sort counts a dry run; corrections since a time are the applied ones not undone, oldest first', async () => {
      const layer = await newLayer();
      await applied(layer.id, 'sort');
      const dry = await stores().runs.create(newRun(layer.id, 'sort', { status: 'dry-run' }), []);
      await applied(layer.id, 'sync');
      expect((await stores().runs.lastSort(layer.id))?.id).toBe(dry.id);

      // The database keeps microseconds, a Date milliseconds: a few milliseconds apart on both sides.
      const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
      await applied(layer.id, 'correction');
      await pause();
      const since = (await stores().runs.create(newRun(layer.id, 'sort'), [])).createdAt;
      await pause();
      const first = await applied(layer.id, 'correction');
      const failed = await stores().runs.create(newRun(layer.id, 'correction'), []);
      await stores().runs.setStatus(failed.id, 'failed', 'boom');
      await stores().runs.create(newRun(layer.id, 'correction'), []);
      const undone = await applied(layer.id, 'correction');
      await stores().runs.markUndone(undone.id);
      expect((await stores().runs.correctionsSince(layer.id, since)).map((r) => r.id)).toEqual([
        first.id,
        failed.id,
      ]);
    });

    it('owes a sync run its DM until it is claimed too often (each try further from the last) or settled', async () => {
      const layer = await newLayer();
      const sync = await stores().runs.create(newRun(layer.id, 'sync', { dmPending: true }), []);
      const quiet = await stores().runs.create(newRun(layer.id, 'sync'), []);
      expect((await stores().runs.pendingDms(layer.id)).map((r) => r.id)).toEqual([sync.id]);
      const retry = { maxAttempts: 3, firstWaitMs: 60_000 };
      const t0 = Date.parse('2026-03-02T07:00:00Z');
      const at = (minutes: number) => new Date(t0 + minutes * 60_000);
      expect(await stores().runs.claimDm(sync.id, retry, at(0))).toBe(true);
      // A try given back (DMs held back, nothing tried) counts for nothing and does not delay the next.
      await stores().runs.releaseDm(sync.id);
      expect(await stores().runs.claimDm(sync.id, retry, at(0))).toBe(true);
      await stores().runs.releaseDm(sync.id);
      expect(await stores().runs.claimDm(sync.id, retry, at(0))).toBe(true);
      // Tried again no sooner than a minute after the first try, then two minutes after the second.
      expect(await stores().runs.claimDm(sync.id, retry, at(0.5))).toBe(false);
      expect((await stores().runs.pendingDms(layer.id)).map((r) => r.id)).toEqual([sync.id]);
      expect(await stores().runs.claimDm(sync.id, retry, at(1))).toBe(true);
      expect(await stores().runs.claimDm(sync.id, retry, at(2.9))).toBe(false);
      expect(await stores().runs.claimDm(sync.id, retry, at(3))).toBe(true);
      expect(await stores().runs.droppedDmsSince(layer.userId, at(0))).toBe(0);
      expect(await stores().runs.claimDm(sync.id, retry, at(60))).toBe(false);
      expect(await stores().runs.pendingDms(layer.id)).toEqual([]);
      // Given up after its last try failed: never delivered, so /status counts it, once.
      expect(await stores().runs.claimDm(sync.id, retry, at(61))).toBe(false);
      expect(await stores().runs.droppedDmsSince(layer.userId, at(60))).toBe(1);
      expect(await stores().runs.droppedDmsSince(layer.userId, at(60.5))).toBe(0);
      expect(await stores().runs.claimDm(quiet.id, retry, at(60))).toBe(false);

      await stores().runs.oweDm(quiet.id);
      expect((await stores().runs.pendingDms(layer.id)).map((r) => r.id)).toEqual([quiet.id]);
      const sentAt = new Date('2026-03-02T08:00:00Z');
      await stores().runs.settleDm(quiet.id, sentAt);
      expect(await stores().runs.byId(quiet.id)).toMatchObject({ dmPending: false, dmSentAt: sentAt });
      // A DM sent once is never owed again.
      await stores().runs.oweDm(quiet.id);
      expect(await stores().runs.pendingDms(layer.id)).toEqual([]);

      // A /sort's summary DM (owed after Spotify's limit postponed it) is listed by its kind alone.
      const sort = await stores().runs.create(newRun(layer.id, 'sort'), []);
      await stores().runs.oweDm(sort.id);
      expect(await stores().runs.pendingDms(layer.id)).toEqual([]);
      expect((await stores().runs.pendingDms(layer.id, 'sort')).map((r) => r.id)).toEqual([sort.id]);
    });

    it('counts the DMs dropped undelivered since a time, by user, for /status', async () => {
      const layer = await newLayer();
      const other = await newLayer();
      const [early, late, delivered, someoneElse] = await Promise.all([
        stores().runs.create(newRun(layer.id, 'sync', { dmPending: true }), []),
        stores().runs.create(newRun(layer.id, 'sync', { dmPending: true }), []),
        stores().runs.create(newRun(layer.id, 'sync', { dmPending: true }), []),
        stores().runs.create(newRun(other.id, 'sync', { dmPending: true }), []),
      ]);
      const t0 = Date.parse('2026-03-02T07:00:00Z');
      await stores().runs.dropDm(early.id, new Date(t0));
      await stores().runs.dropDm(late.id, new Date(t0 + 60_000));
      await stores().runs.settleDm(delivered.id, new Date(t0 + 60_000));
      await stores().runs.dropDm(someoneElse.id, new Date(t0 + 60_000));
      expect(await stores().runs.pendingDms(layer.id)).toEqual([]);
      expect(await stores().runs.byId(late.id)).toMatchObject({ dmPending: false, dmSentAt: null });
      expect(await stores().runs.droppedDmsSince(layer.userId, new Date(t0))).toBe(2);
      expect(await stores().runs.droppedDmsSince(layer.userId, new Date(t0 + 1))).toBe(1);
      expect(await stores().runs.droppedDmsSince(other.userId, new Date(t0))).toBe(1);
    });

    it('lists finished undo runs whose DM is owed, with their user', async () => {
      const layer = await newLayer();
      const undo = await stores().runs.create(newRun(layer.id, 'undo'), []);
      await stores().runs.oweDm(undo.id);
      const owed = () =>
        stores()
          .runs.owedUndoDms()
          .then((runs) => runs.filter((r) => r.layerId === layer.id));
      expect(await owed()).toEqual([]);
      await stores().runs.setStatus(undo.id, 'done');
      expect((await owed()).map((r) => [r.id, r.userId])).toEqual([[undo.id, layer.userId]]);
      await stores().runs.settleDm(undo.id, null);
      expect(await owed()).toEqual([]);
    });

    it('an applied run takes in its intake and waiting songs with the journal; a dry run does not', async () => {
      const layer = await newLayer();
      expect(await stores().intake.intakeOf(layer.id)).toEqual({ since: null, trackIds: new Set() });
      const waiting = { replace: true, add: [{ trackId: 't-w', guess: [], confidence: 0.5 }], remove: [] };
      await stores().runs.create(
        newRun(layer.id, 'sync', { status: 'dry-run', intake: { add: ['t-1'], remove: [] }, waiting }),
        [],
      );
      expect((await stores().intake.intakeOf(layer.id)).since).toBeNull();
      expect(await stores().waiting.countFor(layer.id)).toBe(0);
      await stores().runs.create(
        newRun(layer.id, 'sync', { intake: { add: ['t-1', 't-2'], remove: [] }, waiting }),
        [],
      );
      const intake = await stores().intake.intakeOf(layer.id);
      expect(intake.since).toBeInstanceOf(Date);
      expect([...intake.trackIds].sort()).toEqual(['t-1', 't-2']);
      expect((await stores().waiting.listFor(layer.id)).map((w) => w.trackId)).toEqual(['t-w']);
    });

    it('intake: begin restarts the record, record takes tracks in and out without a run', async () => {
      const layer = await newLayer();
      await stores().intake.begin(layer.id, ['t-1', 't-2']);
      await stores().intake.record(layer.id, { add: ['t-3'], remove: ['t-1'] });
      const intake = await stores().intake.intakeOf(layer.id);
      expect(intake.since).toBeInstanceOf(Date);
      expect([...intake.trackIds].sort()).toEqual(['t-2', 't-3']);
      await stores().intake.begin(layer.id, ['t-9']);
      expect([...(await stores().intake.intakeOf(layer.id)).trackIds]).toEqual(['t-9']);
    });

    it('deleting the layer forgets its runs and steps', async () => {
      const layer = await newLayer();
      const run = await applied(layer.id, 'sort');
      await stores().layers.delete(layer.id);
      expect(await stores().runs.byId(run.id)).toBeUndefined();
      expect(await stores().steps.listFor(run.id)).toEqual([]);
      expect(await stores().runs.lastSort(layer.id)).toBeUndefined();
    });
  });
};
