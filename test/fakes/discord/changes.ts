/**
 * Lets test code wait for the fake's state to reach a condition. Every state change calls
 * `notify()`; waiters re-check their predicate then, so no polling and no fixed sleeps.
 */
export class ChangeFeed {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with the predicate's first non-undefined result; rejects after `timeoutMs` of real time. */
  waitFor<T>(predicate: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const immediate = predicate();
    if (immediate !== undefined) return Promise.resolve(immediate);
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        let result: T | undefined;
        try {
          result = predicate();
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (result === undefined) return;
        finish();
        resolve(result);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }
}
