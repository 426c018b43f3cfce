import type { RunLockProvider } from '../../src/services/ports/sort-run.ports.js';

/** Run locks in memory (unit tier only); held to the advisory locks by test/contracts/run-lock.contract.ts. */
export class MemoryRunLocks implements RunLockProvider {
  private readonly held = new Set<string>();

  async tryLock(key: string): Promise<(() => Promise<void>) | undefined> {
    if (this.held.has(key)) return undefined;
    this.held.add(key);
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      this.held.delete(key);
    };
  }
}
