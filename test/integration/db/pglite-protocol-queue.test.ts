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
});
