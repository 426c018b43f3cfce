import pg from 'pg';

export interface RunLocks {
  /** Takes the lock of a key for this process, or undefined when someone else holds it. */
  tryLock(key: string): Promise<(() => Promise<void>) | undefined>;
  close(): Promise<void>;
}

/**
 * The keys held in this process, per database. Every RunLocks of one process on one database
 * shares them: two services built on the same database exclude each other too. On the embedded
 * database this is the whole lock: PGlite serves every connection from its one session, where
 * an advisory lock is re-entrant (every connection gets it), and it serves one process only.
 */
const heldIn = new Map<string, Set<string>>();

/**
 * Exclusive locks shared by every process on one database: PostgreSQL session advisory locks on
 * a connection of their own, released by the server when a process dies (even by SIGKILL).
 * Within one process a set guards the keys, since all of its locks share that one session.
 */
export const createRunLocks = (url: string): RunLocks => {
  let held = heldIn.get(url);
  if (!held) heldIn.set(url, (held = new Set()));
  const keys = held;
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
      if (keys.has(key)) return undefined;
      keys.add(key);
      try {
        const c = await session();
        const result = await c.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
          [key],
        );
        if (!result.rows[0]?.locked) {
          keys.delete(key);
          return undefined;
        }
      } catch (error) {
        keys.delete(key);
        throw error;
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        try {
          const c = await session();
          await c.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
        } finally {
          keys.delete(key);
        }
      };
    },
    async close() {
      const c = await client?.catch(() => undefined);
      client = undefined;
      await c?.end();
    },
  };
};
