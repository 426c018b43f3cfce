import { createServer, connect, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Repositories } from '../../../../src/composition/repositories.js';
import { createSortRunService } from '../../../../src/composition/sorting.js';
import { referenceOf } from '../../../../src/services/errors.js';
import type { RunSummary } from '../../../../src/services/sorting/run-summary.js';
import { createDataSource } from '../../../../src/db/data-source.js';
import { isPassingDatabaseError } from '../../../../src/db/passing-errors.js';
import { RUN_APPLY_TRIES } from '../../../../src/services/sorting/run-applier.js';
import type { PlaylistWriter } from '../../../../src/services/ports/sort-run.ports.js';
import { MemoryPlaylists } from '../../../support/memory-playlists.js';
import { MemoryRunLocks } from '../../../support/memory-run-locks.js';
import { faultyWriter } from '../../../support/faulty-writer.js';
import { genrePredictions, seedGenreLayerIn } from '../../../support/sort-fixtures.js';
import { testDatabaseUrl } from '../../../support/test-database.js';
import { useTestRepositories } from '../../../support/test-repositories.js';
import { endingAtLastTry, namesOf, passesAt } from '../../../support/run-tries.js';

const USER = 'discord-run-db-faults';

/** A genre layer of `count` songs on the repositories, and the sort-run service writing to `writer`. */
const sortingOn = async (
  repositories: Repositories,
  prefix: string,
  count: number,
  writer: PlaylistWriter,
) => {
  const world = await seedGenreLayerIn(repositories, USER, { count, prefix });
  const predictions = async () => genrePredictions(world.tracks, world.sublists, 0.9);
  const service = createSortRunService(
    repositories,
    new MemoryRunLocks(),
    { predictions, weakness: async () => undefined },
    { writer },
  );
  return { ...world, service };
};
type Sorting = Awaited<ReturnType<typeof sortingOn>>;

/** Raises `code` as the database would (PL/pgSQL's raise takes any SQLSTATE, on PostgreSQL and PGlite). */
const raising = (code: string) =>
  `do $$ begin raise exception 'raised %', '${code}' using errcode = '${code}'; end $$`;

/**
 * Database failures that pass (a deadlock, a serialization failure, a lost connection) are marked
 * `retryable` by the db adapter, and a sort run meeting them is tried again however often, as for
 * Spotify's 5xx: they do not count toward RUN_APPLY_TRIES.
 */
describe('passing database errors', () => {
  const opened = useTestRepositories();
  const query = (sql: string) => opened.database.dataSource.query(sql);

  it('the adapter marks deadlocks, serialization failures and lost connections retryable, and nothing else', async () => {
    for (const code of ['40P01', '40001', '08006', '08003', '57P01', '53300']) {
      const error: unknown = await query(raising(code)).catch((e: unknown) => e);
      expect(error, code).toMatchObject({ code, retryable: true });
    }
    for (const code of ['23505', 'P0001', '42P01', '22P02']) {
      const error: unknown = await query(raising(code)).catch((e: unknown) => e);
      expect(error, code).toMatchObject({ code });
      expect((error as { retryable?: unknown }).retryable, code).toBeUndefined();
    }
  });

  it("the pg client's own error for a connection lost mid-query (no SQLSTATE) passes too", () => {
    expect(isPassingDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isPassingDatabaseError(new Error('Connection terminated'))).toBe(true);
    expect(isPassingDatabaseError(new Error('Connection terminated by a bug of ours'))).toBe(false);
    expect(isPassingDatabaseError(new TypeError('x is undefined'))).toBe(false);
  });

  it('a connection refused when the pool opens one (the server gone a moment) is marked retryable', async () => {
    // The database behind a relay on a port of our own, which then stops: the pool's connection
    // breaks, and opening a new one is refused.
    const sockets = new Set<Socket>();
    const target = new URL(opened.database.url);
    const relay = createServer((client) => {
      const server = connect(Number(target.port || 5432), target.hostname);
      for (const socket of [client, server]) {
        sockets.add(socket);
        socket.on('error', () => socket.destroy());
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayed = new URL(opened.database.url);
    relayed.host = `127.0.0.1:${(relay.address() as { port: number }).port}`;
    const dataSource = createDataSource(relayed.toString());
    await dataSource.initialize();
    try {
      expect(await dataSource.query('select 1 as one')).toEqual([{ one: 1 }]);
      await new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      // The pool drops the broken connection; the next query opens another one, which is refused.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const error: unknown = await dataSource.query('select 1').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ECONNREFUSED', retryable: true });
    } finally {
      await dataSource.destroy();
    }
  });

  // PGlite has one backend, which pg_terminate_backend leaves alone.
  it.skipIf(!testDatabaseUrl())(
    'on PostgreSQL, a connection lost inside a transaction is marked retryable',
    async () => {
      const error: unknown = await opened.database.dataSource
        .transaction(async (manager) => {
          await manager.query('select 1');
          await manager.query('select pg_terminate_backend(pg_backend_pid())');
        })
        .catch((e: unknown) => e);
      // The server's 57P01 when it arrives before the socket closes, else the pg client's own error.
      expect(error).toMatchObject({ retryable: true });
      expect(String(error)).toMatch(/terminating connection|Connection terminated unexpectedly/);
      expect(await query('select 1 as one')).toEqual([{ one: 1 }]);
    },
  );

  describe('a sort run meeting them', () => {
    const spotify = new MemoryPlaylists();
    let sorting: Sorting;
    beforeAll(async () => {
      sorting = await sortingOn(opened.repositories, 'dbf', 9, spotify);
    });

    it(`is tried again past ${RUN_APPLY_TRIES} tries while the database deadlocks, and finishes after`, async () => {
      const { service, layer, sublists, tracks } = sorting;
      // Every time the run's step is marked done, the database reports a deadlock.
      await query(`create function deadlocked_step() returns trigger language plpgsql as $$
        begin raise exception 'deadlock detected' using errcode = '40P01'; end $$`);
      await query(`create trigger deadlocked_step before update on sort_steps for each row
        when (new.done) execute function deadlocked_step()`);
      try {
        await expect(service.sort(USER, layer, { dryRun: false, everything: true })).rejects.toThrow(
          /deadlock/,
        );
        for (let tried = 1; tried < RUN_APPLY_TRIES + 2; tried++) {
          await expect(service.finishUnfinished(USER, layer.id)).rejects.toThrow(/deadlock detected/);
          const [run] = await opened.repositories.runs.unfinishedFor(layer.id);
          expect(run?.status).toBe('applying');
        }
      } finally {
        await query('drop trigger if exists deadlocked_step on sort_steps');
        await query('drop function if exists deadlocked_step()');
      }
      await service.finishUnfinished(USER, layer.id);
      expect(await opened.repositories.runs.unfinishedFor(layer.id)).toEqual([]);
      const placed = sublists.flatMap((s) => spotify.items(s.playlistId));
      expect(placed.sort()).toEqual(tracks.map((t) => t.id).sort());
      const [run] = await opened.repositories.runs.recentFor(layer.id, 1);
      expect(run?.status).toBe('done');
    });
  });
});

describe('a failing run whose end the database refuses', () => {
  const opened = useTestRepositories();
  const query = (sql: string) => opened.database.dataSource.query(sql);
  const spotify = new MemoryPlaylists();
  let fault: (() => unknown) | undefined;
  let sorting: Sorting;
  beforeAll(async () => {
    const writer = faultyWriter(spotify, (call) => (call === 'addTracks' ? fault?.() : undefined));
    sorting = await sortingOn(opened.repositories, 'nul', 6, writer);
  });

  it(`ends after ${RUN_APPLY_TRIES} tries when its error message holds a NUL byte (text columns refuse it)`, async () => {
    const { service, layer } = sorting;
    fault = () => new TypeError('a bug in \u0000 the answer');
    const outcomes = await passesAt(
      RUN_APPLY_TRIES + 2,
      () => service.finishUnfinished(USER, layer.id),
      () => service.sort(USER, layer, { dryRun: false, everything: true }),
    );
    expect(namesOf(outcomes)).toEqual(endingAtLastTry(RUN_APPLY_TRIES + 2));
    const [run] = await opened.repositories.runs.recentFor(layer.id, 1);
    expect(run?.status).toBe('failed');
    expect(run?.error).toContain('a bug in');
  });

  it('ends in parts when the transaction that ends it is refused: its new likes wait, its summary keeps the reference', async () => {
    const { service, layer, tracks } = sorting;
    const ids = tracks.map((t) => t.id);
    fault = () => new TypeError('a bug');
    // The database refuses the one update that marks the run failed with its new summary.
    await query(`create function refused_end() returns trigger language plpgsql as $$
      begin raise exception 'the end is refused'; end $$`);
    await query(`create trigger refused_end before update on sort_runs for each row
      when (new.status = 'failed' and new.summary is distinct from old.summary) execute function refused_end()`);
    try {
      const outcomes = await passesAt(
        RUN_APPLY_TRIES + 2,
        () => service.finishUnfinished(USER, layer.id),
        () => service.sortNewTracks(USER, layer, ids, new Set(), undefined, { dm: true }),
      );
      expect(namesOf(outcomes)).toEqual(endingAtLastTry(RUN_APPLY_TRIES + 2));
      const [run] = await opened.repositories.runs.recentFor(layer.id, 1);
      expect(run).toMatchObject({ kind: 'sync', status: 'failed', error: 'a bug', dmPending: true });
      const failed = (run?.summary as RunSummary).failed;
      expect(failed).toMatchObject({ unplacedCount: ids.length, ourError: true });
      expect(failed?.reference).toBe(referenceOf(outcomes[RUN_APPLY_TRIES - 1]));
      const waiting = new Set((await opened.repositories.waiting.listFor(layer.id)).map((w) => w.trackId));
      expect(ids.filter((id) => !waiting.has(id))).toEqual([]);
    } finally {
      await query('drop trigger if exists refused_end on sort_runs');
      await query('drop function if exists refused_end()');
    }
  });
});

/**
 * A sync run Spotify refuses for good, whose new likes should wait instead, while the database
 * refuses every write of a waiting song: nothing is lost. The run stays unfinished (no summary
 * says its songs wait) and ends at the layer's first pass once the database takes the write.
 */
describe('a run whose songs cannot be made to wait', () => {
  const opened = useTestRepositories();
  const query = (sql: string) => opened.database.dataSource.query(sql);
  const spotify = new MemoryPlaylists();
  let sorting: Sorting;
  beforeAll(async () => {
    const refused = () => Object.assign(new Error('Spotify refused'), { status: 403 });
    const writer = faultyWriter(spotify, (call) => (call === 'addTracks' ? refused() : undefined));
    sorting = await sortingOn(opened.repositories, 'wtf', 6, writer);
  });

  it('stays unfinished while the waiting songs are refused, then ends with them waiting', async () => {
    const { service, layer, tracks } = sorting;
    const ids = tracks.map((t) => t.id);
    await query(`create function refused_waiting() returns trigger language plpgsql as $$
      begin raise exception 'the waiting song is refused'; end $$`);
    await query(`create trigger refused_waiting before insert or update on waiting_tracks
      for each row execute function refused_waiting()`);
    try {
      const outcomes = await passesAt(
        3,
        () => service.finishUnfinished(USER, layer.id),
        () => service.sortNewTracks(USER, layer, ids, new Set(), undefined, { dm: true }),
      );
      expect(outcomes.map((e) => (e instanceof Error ? e.message : e))).toEqual(
        Array(3).fill('the waiting song is refused'),
      );
      const [run] = await opened.repositories.runs.unfinishedFor(layer.id);
      expect(run).toMatchObject({ kind: 'sync', status: 'applying' });
      expect((run?.summary as RunSummary).failed).toBeUndefined();
      expect(await opened.repositories.waiting.listFor(layer.id)).toEqual([]);
    } finally {
      await query('drop trigger if exists refused_waiting on waiting_tracks');
      await query('drop function if exists refused_waiting()');
    }
    await expect(service.finishUnfinished(USER, layer.id)).rejects.toThrow(/Spotify refused/);
    const [run] = await opened.repositories.runs.recentFor(layer.id, 1);
    expect(run).toMatchObject({ kind: 'sync', status: 'failed', dmPending: true });
    expect((run?.summary as RunSummary).failed).toMatchObject({ unplacedCount: ids.length });
    const waiting = (await opened.repositories.waiting.listFor(layer.id)).map((w) => w.trackId);
    expect(waiting.sort()).toEqual([...ids].sort());
  });
});

/** New likes the model is not sure of wait with their run's journal, in one transaction. */
describe('a sync whose unsure new likes cannot be made to wait', () => {
  const opened = useTestRepositories();
  const query = (sql: string) => opened.database.dataSource.query(sql);

  it('journals no run while they cannot wait: the next sync takes them in', async () => {
    const { service, layer, tracks } = await sortingOn(opened.repositories, 'wtc', 6, new MemoryPlaylists());
    const ids = tracks.map((t) => t.id);
    // Above the stand-in model's 0.9: every new like should wait.
    await opened.repositories.layers.setPrecisionTarget(layer.id, 0.95);
    const sure = { ...layer, precisionTarget: 0.95 };
    // As a sync takes new likes in: with their run's journal.
    const intake = { add: ids, remove: [] };
    await query(`create function refused_waiting() returns trigger language plpgsql as $$
      begin raise exception 'the waiting song is refused'; end $$`);
    await query(`create trigger refused_waiting before insert or update on waiting_tracks
      for each row execute function refused_waiting()`);
    try {
      await expect(service.sortNewTracks(USER, sure, ids, new Set(), intake)).rejects.toThrow(
        /waiting song is refused/,
      );
      expect(await opened.repositories.runs.recentFor(layer.id, 1)).toEqual([]);
      expect((await opened.repositories.intake.intakeOf(layer.id)).trackIds.size).toBe(0);
    } finally {
      await query('drop trigger if exists refused_waiting on waiting_tracks');
      await query('drop function if exists refused_waiting()');
    }
    await service.sortNewTracks(USER, sure, ids, new Set(), intake);
    const waiting = (await opened.repositories.waiting.listFor(layer.id)).map((w) => w.trackId);
    expect(waiting.sort()).toEqual([...ids].sort());
    expect([...(await opened.repositories.intake.intakeOf(layer.id)).trackIds].sort()).toEqual(
      [...ids].sort(),
    );
  });
});
