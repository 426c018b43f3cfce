import pg from 'pg';

export interface RunLocks {
  /** Takes the lock of a key for this process, or undefined when someone else holds it. */
  tryLock(key: string): Promise<(() => Promise<void>) | undefined>;
  close(): Promise<void>;
}

/**
 * Exclusive locks shared by every process on one database: PostgreSQL session advisory locks on
 * a connection of their own, released by the server when a process dies (even by SIGKILL).
 * Within one process a set guards the keys, since all of its locks share that one session.
 */
export const createRunLocks = (url: string): RunLocks => {
  const held = new Set<string>();
  let client: Promise<pg.Client> | undefined;
  const session = () =>
    (client ??= (async () => {
      const c = new pg.Client({ connectionString: url });
      c.on('error', () => {
        client = undefined;
      });
      await c.connect();
      return c;
    })());
  return {
    async tryLock(key) {
      if (held.has(key)) return undefined;
      held.add(key);
      try {
        const c = await session();
        const result = await c.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
          [key],
        );
        if (!result.rows[0]?.locked) {
          held.delete(key);
          return undefined;
        }
      } catch (error) {
        held.delete(key);
        throw error;
      }
      return async () => {
        held.delete(key);
        const c = await session();
        await c.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      };
    },
    async close() {
      const c = await client?.catch(() => undefined);
      client = undefined;
      await c?.end();
    },
  };
};
