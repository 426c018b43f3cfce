/** A provider's state as /status sees it (the failure itself goes to the log, through `onFailing`). */
export type ProviderState =
  | { provider: string; state: 'on' }
  | { provider: string; state: 'off'; reason: string }
  | { provider: string; state: 'failing'; since: Date };

/** Consecutive failed calls, with no success in between, that make a provider "failing". */
const FAILING_AFTER = 3;

interface Tracked {
  failures: number;
  problem?: string;
  since?: Date;
  /** The error log of this outage went out (once per outage). */
  reported: boolean;
  off?: string;
}

/**
 * What each enrichment provider's calls have done in this process: on, off (not configured), or
 * failing (every call of the last few failed: a wrong base URL, a dead service, a revoked key).
 * `onFailing` hears of each outage once, when it starts; a success ends it.
 */
export class ProviderHealth {
  private readonly tracked = new Map<string, Tracked>();

  constructor(
    private readonly onFailing: (provider: string, problem: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  on(provider: string): void {
    this.tracked.set(provider, { failures: 0, reported: false });
  }

  off(provider: string, reason: string): void {
    this.tracked.set(provider, { failures: 0, reported: false, off: reason });
  }

  succeeded(provider: string): void {
    this.on(provider);
  }

  failed(provider: string, error: unknown): void {
    const tracked = this.tracked.get(provider) ?? { failures: 0, reported: false };
    tracked.failures += 1;
    tracked.problem = error instanceof Error ? error.message : String(error);
    tracked.since ??= this.now();
    this.tracked.set(provider, tracked);
    if (tracked.failures >= FAILING_AFTER && !tracked.reported) {
      tracked.reported = true;
      this.onFailing(provider, tracked.problem);
    }
  }

  states(): ProviderState[] {
    return [...this.tracked].map(([provider, t]): ProviderState => {
      if (t.off !== undefined) return { provider, state: 'off', reason: t.off };
      if (t.failures >= FAILING_AFTER && t.since) return { provider, state: 'failing', since: t.since };
      return { provider, state: 'on' };
    });
  }
}
