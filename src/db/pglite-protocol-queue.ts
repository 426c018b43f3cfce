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

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.processQueue();
    });
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
          item.reject(error);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        this.owner = endsSequence(item.message) ? null : item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }
}
