import { AsyncLocalStorage } from 'node:async_hooks';
import { UserError } from '../errors.js';
import type { RunLockProvider } from '../ports/sort-run.ports.js';

/**
 * How long a correction or a sync waits for the layer's running run before giving up: two menus
 * picked at once both apply, one after the other. A /sort or /undo does not wait: it says busy.
 */
export const QUEUED_WAIT_MS = 30_000;
const LOCK_POLL_MS = 50;

/** The lock that makes a layer's runs (plan, journal and apply) happen one at a time. */
const layerLockKey = (layerId: string): string => `sort-layer:${layerId}`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One plan, journal and apply at a time per layer, in this process and every other on the same
 * database. Re-entrant within one call chain (a sync holds its layers' locks across its runs).
 */
export class LayerRunLock {
  /** The layers whose lock the current call chain holds. */
  private readonly held = new AsyncLocalStorage<ReadonlySet<string>>();

  constructor(private readonly locks: RunLockProvider) {}

  /** Runs `work` holding the layer's lock; waits up to `waitMs` for it, then busy. */
  async run<T>(layerId: string, waitMs: number, work: () => Promise<T>): Promise<T> {
    const held = this.held.getStore() ?? new Set<string>();
    if (held.has(layerId)) return work();
    const deadline = Date.now() + waitMs;
    let release = await this.locks.tryLock(layerLockKey(layerId));
    while (!release && Date.now() < deadline) {
      await pause(LOCK_POLL_MS);
      release = await this.locks.tryLock(layerLockKey(layerId));
    }
    if (!release) throw new UserError({ code: 'busy' });
    try {
      return await this.held.run(new Set([...held, layerId]), work);
    } finally {
      await release();
    }
  }

  /** Runs `work` holding the locks of these layers (taken in one order, so two callers cannot deadlock). */
  async runAll<T>(layerIds: readonly string[], waitMs: number, work: () => Promise<T>): Promise<T> {
    const [first, ...rest] = [...new Set(layerIds)].sort();
    if (first === undefined) return work();
    return this.run(first, waitMs, () => this.runAll(rest, waitMs, work));
  }
}
