import { performance } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

// Frontend message types that end an extended-query sequence or are complete on their own.
const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

const endsSequence = (message: Uint8Array): boolean => {
  const type = message[0];
  // A startup message begins with its length (first byte 0), not a type letter.
  return type === SYNC || type === SIMPLE_QUERY || type === TERMINATE || type === 0;
};

const PARSE = 0x50; // 'P'

/** A stretch of time during which one connection had the database to itself, and what it ran. */
export interface DatabaseHold {
  ms: number;
  /** The statement's SQL (a transaction: its first statement after BEGIN), cut at 160 characters. */
  sql: string;
  /** In a transaction: how many statements it ran. */
  statements?: number;
  /**
   * In a transaction: of `ms`, the time the database spent running its statements; the rest it
   * waited, held, for the client to send the next one.
   */
  busyMs?: number;
}

/** How long connections held the database's one session (issue 22: everyone else waits meanwhile). */
export interface DatabaseHolds {
  /** Statements served (an extended-query sequence up to its Sync, or a simple query) since the start or last reset. */
  statements: number;
  transactions: number;
  longestStatements: DatabaseHold[];
  longestTransactions: DatabaseHold[];
}

const KEPT_HOLDS = 12;
const decoder = new TextDecoder();

/** The SQL a Parse or simple Query message carries, for naming a hold; '' for other messages. */
const sqlOf = (message: Uint8Array): string => {
  const type = message[0];
  if (type !== PARSE && type !== SIMPLE_QUERY) return '';
  let start = 5;
  if (type === PARSE) start = message.indexOf(0, start) + 1; // skip the statement's name
  const end = message.indexOf(0, start);
  const text = decoder.decode(
    message.subarray(start, Math.min(end === -1 ? message.length : end, start + 400)),
  );
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
};

/** Keeps the longest holds only: a few comparisons per statement, nothing kept per query. */
class LongestHolds {
  private readonly kept: DatabaseHold[] = [];

  add(hold: DatabaseHold): void {
    if (this.kept.length === KEPT_HOLDS && hold.ms <= (this.kept.at(-1)?.ms ?? 0)) return;
    this.kept.push({ ...hold, ms: Math.round(hold.ms * 10) / 10 });
    this.kept.sort((a, b) => b.ms - a.ms);
    this.kept.length = Math.min(this.kept.length, KEPT_HOLDS);
  }

  list(): DatabaseHold[] {
    return [...this.kept];
  }
}

/** Times each statement and each explicit transaction on the database's thread. */
class HoldMeter {
  private statements = 0;
  private transactions = 0;
  private longestStatements = new LongestHolds();
  private longestTransactions = new LongestHolds();
  private statement: { startedAt: number; sql: string } | undefined;
  private transaction: { startedAt: number; sql: string; statements: number; busyMs: number } | undefined;

  served(message: Uint8Array, startedAt: number, inTransaction: boolean): void {
    // A connection's startup and goodbye are not statements.
    if (message[0] === 0 || message[0] === TERMINATE) return;
    const sql = sqlOf(message);
    this.statement ??= { startedAt, sql };
    if (!this.statement.sql) this.statement.sql = sql;
    if (endsSequence(message)) {
      const { startedAt: begun, sql: text } = this.statement;
      this.statement = undefined;
      this.statements += 1;
      this.longestStatements.add({ ms: performance.now() - begun, sql: text });
      if (this.transaction) {
        this.transaction.statements += 1;
        if (!this.transaction.sql && !/^(begin|start transaction)/i.test(text)) this.transaction.sql = text;
      }
    }
    const now = performance.now();
    if (inTransaction && !this.transaction)
      this.transaction = { startedAt, sql: '', statements: 1, busyMs: 0 };
    if (this.transaction) this.transaction.busyMs += now - startedAt;
    if (!inTransaction && this.transaction) {
      const { startedAt: begun, sql: text, statements, busyMs } = this.transaction;
      this.transaction = undefined;
      this.transactions += 1;
      this.longestTransactions.add({
        ms: now - begun,
        sql: text,
        statements,
        busyMs: Math.round(busyMs * 10) / 10,
      });
    }
  }

  /** A connection's sequence ended without its Sync (it disconnected or failed). */
  abandoned(): void {
    this.statement = undefined;
  }

  read(reset: boolean): DatabaseHolds {
    const holds = {
      statements: this.statements,
      transactions: this.transactions,
      longestStatements: this.longestStatements.list(),
      longestTransactions: this.longestTransactions.list(),
    };
    if (reset) {
      this.statements = 0;
      this.transactions = 0;
      this.longestStatements = new LongestHolds();
      this.longestTransactions = new LongestHolds();
    }
    return holds;
  }
}

/**
 * The multiplexer of @electric-sql/pglite-socket feeds PGlite's one session message by message
 * and only keeps a connection's messages together inside an explicit transaction. node-postgres
 * sends Parse/Bind/Execute/Sync for every parameterised query, so two connections' unnamed
 * statements and portals got interleaved: wrong parameters, "portal does not exist". This queue
 * also keeps a connection's messages together from its first message up to its Sync.
 */
export class ProtocolQueue {
  private readonly queue: QueuedMessage[] = [];
  private processing = false;
  private lastHandlerId: number | null = null;
  /** The connection in the middle of an extended-query sequence, if any. */
  private owner: number | null = null;
  private readonly meter = new HoldMeter();

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.processQueue();
    });
  }

  /** The longest holds of the database since the start or the last reset (for benchmarks and tests). */
  holds(reset = false): DatabaseHolds {
    return this.meter.read(reset);
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let index = this.queue.length - 1; index >= 0; index--) {
      const item = this.queue[index];
      if (item?.handlerId === handlerId) {
        this.queue.splice(index, 1);
        item.reject(new Error('Handler disconnected'));
      }
    }
    if (this.owner === handlerId) this.owner = null;
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner === handlerId) this.owner = null;
    if (this.db.isInTransaction() && this.lastHandlerId === handlerId) {
      await this.db.exec('ROLLBACK');
      this.lastHandlerId = null;
    }
    await this.processQueue();
  }

  private next(): QueuedMessage | undefined {
    const exclusive = this.owner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
    if (exclusive === null) return this.queue.shift();
    const index = this.queue.findIndex((item) => item.handlerId === exclusive);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        let bytes = 0;
        const startedAt = performance.now();
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = null;
          this.meter.abandoned();
          item.reject(error);
          continue;
        }
        this.meter.served(item.message, startedAt, this.db.isInTransaction());
        this.lastHandlerId = item.handlerId;
        this.owner = endsSequence(item.message) ? null : item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }
}
