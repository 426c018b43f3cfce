import type { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { ProtocolQueue } from '../../../src/db/pglite-protocol-queue.js';

/** A stand-in for PGlite's session that records which frontend messages it ran, in order. */
const recordingDb = () => {
  const ran: string[] = [];
  const db = {
    isInTransaction: () => false,
    runExclusive: <T>(run: () => Promise<T>) => run(),
    execProtocolRawStream: async (
      message: Uint8Array,
      { onRawData }: { onRawData: (d: Uint8Array) => void },
    ) => {
      ran.push(new TextDecoder().decode(message.subarray(1)));
      onRawData(new Uint8Array([1]));
    },
    exec: async () => [],
  };
  return { ran, db: db as unknown as PGlite };
};

const frontend = (type: string, tag: string) =>
  new Uint8Array([type.charCodeAt(0), ...new TextEncoder().encode(tag)]);

describe('ProtocolQueue', () => {
  it("keeps each connection's Parse/Bind/Execute/Sync together when connections send at once", async () => {
    const { ran, db } = recordingDb();
    const queue = new ProtocolQueue(db);
    // Like a socket handler: each connection sends its next message once the previous one is done.
    const connection = async (id: number, name: string) => {
      for (const [type, step] of [
        ['P', 'parse'],
        ['B', 'bind'],
        ['E', 'execute'],
        ['S', 'sync'],
      ] as const) {
        await queue.enqueue(id, frontend(type, `${name}-${step}`), () => {});
      }
    };
    await Promise.all([connection(1, 'a'), connection(2, 'b'), connection(3, 'c')]);
    const sequences = ['a', 'b', 'c'].map((name) => ran.indexOf(`${name}-parse`));
    for (const start of sequences) {
      const name = ran[start]!.split('-')[0];
      expect(ran.slice(start, start + 4)).toEqual([
        `${name}-parse`,
        `${name}-bind`,
        `${name}-execute`,
        `${name}-sync`,
      ]);
    }
  });

  it('lets others go once a connection that stopped mid-sequence is gone', async () => {
    const { ran, db } = recordingDb();
    const queue = new ProtocolQueue(db);
    await queue.enqueue(1, frontend('P', 'a-parse'), () => {});
    const other = queue.enqueue(2, frontend('Q', 'b-query'), () => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual(['a-parse']);
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    await other;
    expect(ran).toEqual(['a-parse', 'b-query']);
  });

  it('times each statement and each transaction, naming them by their SQL, and starts again on reset', async () => {
    let inTransaction = false;
    const db = {
      isInTransaction: () => inTransaction,
      runExclusive: <T>(run: () => Promise<T>) => run(),
      execProtocolRawStream: async (message: Uint8Array) => {
        const text = new TextDecoder().decode(message);
        if (text.includes('BEGIN')) inTransaction = true;
        if (text.includes('COMMIT')) inTransaction = false;
        // The Execute of the slow statement takes a while, as a 28k-row read does.
        if (message[0] === 'E'.charCodeAt(0)) await new Promise((resolve) => setTimeout(resolve, 60));
      },
      exec: async () => [],
    } as unknown as PGlite;
    const queue = new ProtocolQueue(db);
    const encoder = new TextEncoder();
    const simpleQuery = (sql: string) => new Uint8Array([0x51, 0, 0, 0, 0, ...encoder.encode(sql), 0]);
    // Parse: type, length, statement name, query, parameter types.
    const parse = (sql: string) => new Uint8Array([0x50, 0, 0, 0, 0, 0, ...encoder.encode(sql), 0, 0, 0]);
    const send = (message: Uint8Array) => queue.enqueue(1, message, () => {});
    await send(simpleQuery('select 1'));
    await send(simpleQuery('BEGIN'));
    await send(parse('select  *\n from library_entries where user_id = $1'));
    await send(frontend('B', ''));
    await send(frontend('E', ''));
    await send(frontend('S', ''));
    await send(simpleQuery('COMMIT'));

    const holds = queue.holds(true);
    expect(holds).toMatchObject({ statements: 4, transactions: 1 });
    expect(holds.longestStatements[0]).toMatchObject({
      sql: 'select * from library_entries where user_id = $1',
    });
    expect(holds.longestStatements[0]?.ms).toBeGreaterThanOrEqual(55);
    expect(holds.longestStatements).toHaveLength(4);
    expect(holds.longestTransactions).toEqual([
      expect.objectContaining({ sql: 'select * from library_entries where user_id = $1', statements: 3 }),
    ]);
    expect(holds.longestTransactions[0]?.ms).toBeGreaterThanOrEqual(55);
    expect(holds.longestTransactions[0]?.busyMs).toBeGreaterThanOrEqual(55);
    expect(holds.longestTransactions[0]?.busyMs).toBeLessThanOrEqual(holds.longestTransactions[0]?.ms ?? 0);
    expect(queue.holds()).toEqual({
      statements: 0,
      transactions: 0,
      longestStatements: [],
      longestTransactions: [],
    });
  });
});
