import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ThreadMemory } from '../core/worker-thread.js';
import type { BudgetReading, InteractionKind, Metrics, Outcome } from '../services/ports/metrics.js';

// Discord wants a first answer within 3 s; a training or a sort of a large library takes minutes.
const INTERACTION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30];
const LONG_WORK_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

/** A thread's memory under the name its gauge carries (`model-1`, `database`). */
export interface NamedThreadMemory {
  thread: string;
  memory: ThreadMemory;
}

/**
 * The Metrics port on prom-client, with a registry of its own (nothing global): each process
 * counts what it did itself, plus Node's process metrics (event-loop lag, memory, CPU).
 */
export class PromMetrics implements Metrics {
  private readonly registry = new Registry();
  private readBudget: (() => Promise<BudgetReading>) | undefined;
  private budgetRead: Promise<BudgetReading | undefined> | undefined;
  private readThreadMemory: (() => Promise<NamedThreadMemory[]>) | undefined;
  private threadRead: Promise<NamedThreadMemory[]> | undefined;

  private readonly interactions = this.counter(
    'motherlist_interactions_total',
    'Discord interactions answered, by kind (command, component...), command name or component kind, and outcome',
    ['kind', 'name', 'outcome'],
  );
  private readonly interactionSeconds = this.histogram(
    'motherlist_interaction_duration_seconds',
    'Time from receiving an interaction to the end of its handler',
    ['kind', 'name', 'outcome'],
    INTERACTION_BUCKETS,
  );
  private readonly spotifyRequests = this.counter(
    'motherlist_spotify_requests_total',
    'Answers from the Spotify Web API (each attempt), by method, OpenAPI path template and HTTP status (0: no answer)',
    ['method', 'endpoint', 'status'],
  );
  private readonly jobs = this.counter(
    'motherlist_jobs_total',
    'Jobs worked by this process, by queue and outcome',
    ['queue', 'outcome'],
  );
  private readonly jobSeconds = this.histogram(
    'motherlist_job_duration_seconds',
    'Time a job of the queue took in this process',
    ['queue', 'outcome'],
    LONG_WORK_BUCKETS,
  );
  private readonly trainingSeconds = this.histogram(
    'motherlist_training_duration_seconds',
    'Time a layer model took to train (cross-validation included)',
    ['outcome'],
    LONG_WORK_BUCKETS,
  );
  private readonly sortSeconds = this.histogram(
    'motherlist_sort_duration_seconds',
    'Time a sort run took, from planning to its last Spotify write: a whole layer (/sort) or the new likes of a sync',
    ['kind', 'outcome'],
    LONG_WORK_BUCKETS,
  );
  private readonly dms = this.counter(
    'motherlist_dms_total',
    'DMs the bot sent on its own, by outcome (delivered, dms-closed, suppressed, failed)',
    ['outcome'],
  );

  private readonly budgetRequests: Gauge<'state'> = new Gauge({
    name: 'motherlist_spotify_budget_requests',
    help: 'The daily Spotify request budget shared by every process: spent in the rolling 24 h, left for a person, the limit',
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: async () => {
      this.budgetRequests.reset();
      const reading = await this.budgetReading();
      if (!reading) return;
      this.budgetRequests.set({ state: 'spent' }, reading.spent);
      this.budgetRequests.set({ state: 'left' }, reading.left);
      this.budgetRequests.set({ state: 'limit' }, reading.budget);
    },
  });
  private readonly blockedUntil: Gauge = new Gauge({
    name: 'motherlist_spotify_blocked_until_seconds',
    help: "Until when Spotify's QUOTA_EXCEEDED blocks every request (Unix time; 0: not blocked)",
    registers: [this.registry],
    collect: async () => {
      this.blockedUntil.reset();
      const reading = await this.budgetReading();
      if (reading) this.blockedUntil.set(reading.blockedUntil ? reading.blockedUntil.getTime() / 1000 : 0);
    },
  });

  private readonly threadMemoryBytes: Gauge<'thread' | 'space'> = new Gauge({
    name: 'motherlist_thread_memory_bytes',
    help: "What each worker thread holds: its JavaScript heap, and external (buffers, WebAssembly memory, which never shrinks); the main thread's are nodejs_heap_size_total_bytes and nodejs_external_memory_bytes",
    labelNames: ['thread', 'space'] as const,
    registers: [this.registry],
    collect: async () => {
      this.threadMemoryBytes.reset();
      for (const { thread, memory } of await this.threadMemoryReading()) {
        this.threadMemoryBytes.set({ thread, space: 'heap' }, memory.heap);
        this.threadMemoryBytes.set({ thread, space: 'external' }, memory.external);
      }
    },
  });
  private readonly threadHeapUsedBytes: Gauge<'thread'> = new Gauge({
    name: 'motherlist_thread_heap_used_bytes',
    help: "Of a worker thread's JavaScript heap, what objects occupy (live or not yet collected); the main thread's is nodejs_heap_size_used_bytes",
    labelNames: ['thread'] as const,
    registers: [this.registry],
    collect: async () => {
      this.threadHeapUsedBytes.reset();
      for (const { thread, memory } of await this.threadMemoryReading())
        this.threadHeapUsedBytes.set({ thread }, memory.heapUsed);
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  interactionHandled(kind: InteractionKind, name: string, outcome: Outcome, seconds: number): void {
    this.interactions.inc({ kind, name, outcome });
    this.interactionSeconds.observe({ kind, name, outcome }, seconds);
  }

  spotifyAnswered(method: string, endpointTemplate: string, status: number): void {
    this.spotifyRequests.inc({ method, endpoint: endpointTemplate, status: String(status) });
  }

  jobFinished(queue: string, outcome: 'completed' | 'failed', seconds: number): void {
    this.jobs.inc({ queue, outcome });
    this.jobSeconds.observe({ queue, outcome }, seconds);
  }

  trainingFinished(outcome: Outcome, seconds: number): void {
    this.trainingSeconds.observe({ outcome }, seconds);
  }

  sortFinished(kind: 'layer' | 'new-likes', outcome: Outcome, seconds: number): void {
    this.sortSeconds.observe({ kind, outcome }, seconds);
  }

  dmSent(outcome: 'delivered' | 'dms-closed' | 'suppressed' | 'failed'): void {
    this.dms.inc({ outcome });
  }

  readBudgetWith(read: () => Promise<BudgetReading>): void {
    this.readBudget = read;
  }

  /** The worker threads' memory (model threads, the embedded database's), read at every scrape. */
  readThreadMemoryWith(read: () => Promise<NamedThreadMemory[]>): void {
    this.readThreadMemory = read;
  }

  /** The text Prometheus scrapes; with `names`, only those metrics (unknown names are left out). */
  async exposition(names?: readonly string[]): Promise<{ contentType: string; body: string }> {
    this.budgetRead = undefined;
    this.threadRead = undefined;
    if (!names) return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    const known = names.filter((name) => this.registry.getSingleMetric(name) !== undefined);
    const texts = await Promise.all(known.map((name) => this.registry.getSingleMetricAsString(name)));
    return { contentType: this.registry.contentType, body: texts.map((text) => `${text}\n`).join('') };
  }

  /** One reading of the threads per scrape for both thread gauges; a failed one leaves them empty. */
  private threadMemoryReading(): Promise<NamedThreadMemory[]> {
    if (!this.readThreadMemory) return Promise.resolve([]);
    this.threadRead ??= this.readThreadMemory().catch(() => []);
    return this.threadRead;
  }

  /** One database read per scrape for both budget gauges; a failed read leaves them empty. */
  private budgetReading(): Promise<BudgetReading | undefined> {
    if (!this.readBudget) return Promise.resolve(undefined);
    this.budgetRead ??= this.readBudget().catch(() => undefined);
    return this.budgetRead;
  }
}
