import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker, threadMemoryOf, type ThreadMemory } from '../core/worker-thread.js';
import type { BackendName, BackendPreference } from './backend.js';
import { FairQueue } from './fair-queue.js';
import type { ModelTask, ModelTaskResult } from './model-tasks.js';
import type { ThreadReply, ThreadRequest } from './model-thread-protocol.js';

export interface ModelPoolOptions {
  /**
   * How many threads run model work at once. With more than one, a user's tasks occupy at most
   * all but one of them: a long training never holds back everyone else's quick tasks.
   */
  threads: number;
  /** The TensorFlow.js backend every thread brings up (TFJS_BACKEND). */
  backend: BackendPreference;
  /** Heap limit of each thread: a task that needs more ends its thread, not the process. */
  maxThreadMemoryMb?: number;
  /**
   * A thread that holds more than this after a task (heap and WebAssembly memory, which never
   * shrinks) is replaced by a fresh one, so a big library's training does not keep its peak memory
   * in every thread for good. Default RECYCLE_ABOVE_MB.
   */
  recycleAboveMb?: number;
  /** The thread's module; tests wrap the real one to crash it on purpose. */
  threadEntry?: URL;
}

/** A task lost because its thread died (crash, out of memory); the pool replaced the thread. */
export class ModelThreadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelThreadError';
  }
}

interface Pending {
  id: number;
  userId: string;
  task: ModelTask;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  running: Pending | undefined;
  /** Why the thread is going down (its 'error' event comes before 'exit'). */
  failure: Error | undefined;
  /** Replaced after its task for holding too much memory: its exit is expected. */
  retired: boolean;
  /** Bytes the thread held after its last task. */
  footprint: number;
}

/**
 * Above what a thread holds after a 28k-track library's training or prediction (148–190 MB, idle
 * ~100 MB; bench/ml/thread-memory.md), with room for enrichment's wider rows: such a thread is
 * kept rather than restarted on 2 cores after every big task. A bigger library's task, or one that
 * grew the thread's WebAssembly memory for good, leaves it above this and gets a fresh thread.
 */
export const RECYCLE_ABOVE_MB = 256;
/** Library tracks per message to a thread (a few ms of cloning each on the bot's event loop). */
const ITEMS_PER_MESSAGE = 2_000;

/** Threads that die before they are ready this many times in a row: the pool gives up. */
const STARTUP_FAILURES_TO_GIVE_UP = 3;

/**
 * The young generation of each thread's heap. V8's own sizing let it take ~100 MB more of a thread
 * busy with a big library: at 16 MB an idle thread holds ~100 MB instead of ~140, a 28k-track
 * training peaks at ~180 MB instead of ~280, for the same CPU time (paired runs, A/B 0.94 against
 * the default, 1.00 against 32 MB; bench/ml/thread-memory.md).
 */
const YOUNG_GENERATION_MB = 16;

const spawnThread = (entry: URL, backend: BackendPreference, maxThreadMemoryMb?: number): Worker =>
  startWorker(entry, {
    workerData: { backend },
    resourceLimits: {
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      ...(maxThreadMemoryMb ? { maxOldGenerationSizeMb: maxThreadMemoryMb } : {}),
    },
  });

/**
 * A pool of worker threads for model work (training, cross-validation, prediction, active
 * learning, explanations), so that none of it runs on the event loop that answers Discord.
 * Tasks wait in a queue that takes users in turn: one user's ten trainings do not delay another
 * user's one by more than one task. A thread that crashes or runs out of memory fails its task
 * with a ModelThreadError and is replaced; the queue goes on.
 */
export class ModelPool {
  private readonly slots = new Set<Slot>();
  private readonly queue = new FairQueue<Pending>();
  /** Tasks running per user. */
  private readonly runningOf = new Map<string, number>();
  private readonly entry: URL;
  private nextId = 1;
  private closing = false;
  private startupFailures = 0;
  private broken: Error | undefined;
  private peakFootprint = 0;
  private backendName: BackendName | undefined;
  private readonly readiness: Promise<BackendName>;
  private settleReadiness!: { resolve: (name: BackendName) => void; reject: (error: Error) => void };

  constructor(private readonly options: ModelPoolOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1)
      throw new Error('a model pool needs at least one thread');
    this.entry = options.threadEntry ?? siblingModule(import.meta.url, 'model-thread');
    this.readiness = new Promise((resolve, reject) => (this.settleReadiness = { resolve, reject }));
    // A pool nobody awaited must not crash the process with an unhandled rejection.
    this.readiness.catch(() => {});
    for (let i = 0; i < options.threads; i++) this.spawn();
  }

  /** Resolves with the threads' backend once the first thread is up; rejects when none can start. */
  ready(): Promise<BackendName> {
    return this.readiness;
  }

  /** The backend the threads run (for stored models and /status); 'starting' before the first is up. */
  backend(): string {
    return this.backendName ?? 'starting';
  }

  run<T extends ModelTask>(userId: string, task: T): Promise<ModelTaskResult<T>> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.closing) return Promise.reject(new ModelThreadError('the model pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push(userId, {
        id: this.nextId++,
        userId,
        task,
        resolve: resolve as (result: unknown) => void,
        reject,
      });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const pending of this.queue.drain())
      pending.reject(new ModelThreadError('the model pool closed before the task ran'));
    await Promise.all([...this.slots].map((slot) => slot.worker.terminate()));
  }

  private spawn(): void {
    const worker = spawnThread(this.entry, this.options.backend, this.options.maxThreadMemoryMb);
    const slot: Slot = {
      worker,
      ready: false,
      running: undefined,
      failure: undefined,
      retired: false,
      footprint: 0,
    };
    this.slots.add(slot);
    worker.on('message', (reply: ThreadReply) => this.onReply(slot, reply));
    worker.on('error', (error) => {
      slot.failure = error;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private onReply(slot: Slot, reply: ThreadReply): void {
    if (reply.type === 'ready') {
      slot.ready = true;
      this.startupFailures = 0;
      this.backendName = reply.backend;
      this.settleReadiness.resolve(reply.backend);
    } else {
      const pending = slot.running;
      slot.running = undefined;
      if (pending) this.finished(pending);
      if (pending?.id === reply.id) {
        if (reply.type === 'result') pending.resolve(reply.result);
        else
          pending.reject(Object.assign(new Error(reply.message), reply.stack ? { stack: reply.stack } : {}));
      }
      slot.footprint = reply.footprint;
      this.peakFootprint = Math.max(this.peakFootprint, reply.peakFootprint);
      if (reply.footprint > (this.options.recycleAboveMb ?? RECYCLE_ABOVE_MB) * 2 ** 20) this.retire(slot);
    }
    this.dispatch();
  }

  /** Bytes each thread held after its last task (0 before its first), for benchmarks and status. */
  threadFootprints(): number[] {
    return [...this.slots].map((slot) => slot.footprint);
  }

  /** The most any thread held during a task so far (sampled while the task ran), for benchmarks. */
  peakThreadFootprint(): number {
    return this.peakFootprint;
  }

  /** What each live thread holds now, read without waiting for its task (for /metrics). */
  async threadMemory(): Promise<ThreadMemory[]> {
    const readings = await Promise.all([...this.slots].map((slot) => threadMemoryOf(slot.worker)));
    return readings.filter((reading) => reading !== undefined);
  }

  /** Ends an idle thread that holds too much and starts a fresh one in its place. */
  private retire(slot: Slot): void {
    slot.retired = true;
    this.slots.delete(slot);
    void slot.worker.terminate();
    if (!this.closing) this.spawn();
  }

  private onExit(slot: Slot, code: number): void {
    if (slot.retired) return;
    this.slots.delete(slot);
    if (this.closing) {
      slot.running?.reject(new ModelThreadError('the model pool closed while the task ran'));
      return;
    }
    if (slot.running) this.finished(slot.running);
    const reason = slot.failure?.message ?? `exit code ${code}`;
    slot.running?.reject(
      new ModelThreadError(`the model thread running this task died (${reason})`, { cause: slot.failure }),
    );
    if (!slot.ready && ++this.startupFailures >= STARTUP_FAILURES_TO_GIVE_UP) {
      this.broken = new ModelThreadError(`no model thread could start (${reason})`, { cause: slot.failure });
      this.settleReadiness.reject(this.broken);
      for (const pending of this.queue.drain()) pending.reject(this.broken);
      return;
    }
    this.spawn();
  }

  private finished(pending: Pending): void {
    const running = (this.runningOf.get(pending.userId) ?? 1) - 1;
    if (running > 0) this.runningOf.set(pending.userId, running);
    else this.runningOf.delete(pending.userId);
  }

  private dispatch(): void {
    const perUser = Math.max(1, this.options.threads - 1);
    for (const slot of this.slots) {
      if (!slot.ready || slot.running) continue;
      const pending = this.queue.shift((userId) => (this.runningOf.get(userId) ?? 0) < perUser);
      if (!pending) return;
      this.runningOf.set(pending.userId, (this.runningOf.get(pending.userId) ?? 0) + 1);
      slot.running = pending;
      void this.send(slot, pending);
    }
  }

  /**
   * Posts a task, its library in pieces of ITEMS_PER_MESSAGE with a turn of the event loop between
   * them: postMessage clones its data synchronously, and a 28k-track library in one message held
   * the bot's event loop for 70-120 ms on every /train and /sort (CPU profile of the bot during
   * bench:responsiveness).
   */
  private async send(slot: Slot, pending: Pending): Promise<void> {
    const { id, task } = pending;
    const stillRunning = () => this.slots.has(slot) && slot.running === pending;
    if (task.items.length <= ITEMS_PER_MESSAGE) {
      slot.worker.postMessage({ type: 'task', id, task } satisfies ThreadRequest);
      return;
    }
    for (let start = 0; start < task.items.length; start += ITEMS_PER_MESSAGE) {
      if (!stillRunning()) return;
      const items = task.items.slice(start, start + ITEMS_PER_MESSAGE);
      slot.worker.postMessage({ type: 'items', id, items } satisfies ThreadRequest);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!stillRunning()) return;
    slot.worker.postMessage({
      type: 'task',
      id,
      task: { ...task, items: [] },
      itemsSent: true,
    } satisfies ThreadRequest);
  }
}
