import { DM_RETRY_AFTER_MS } from '../../src/core/account-records.js';
import type { DmMessage, DmResult, Notifier } from '../../src/services/ports/notifier.js';
import type { UserStore } from '../../src/services/ports/user.ports.js';

/**
 * DMs in memory, refused and suppressed as the Discord notifier does: a user whose DMs are closed
 * refuses, the refusal is recorded on the users store and no DM is tried for a day. Held to the
 * Discord notifier (against the fake Discord) by test/contracts/notifier.contract.ts. The unit tier
 * runs it on the in-memory users store; tests and benchmarks that run no Discord (the sorting world,
 * the sync jobs) on the users repository.
 */
export class MemoryNotifier implements Notifier {
  readonly sent: { userId: string; message: DmMessage }[] = [];
  /** Users whose DMs are closed (Discord answers 50007). */
  readonly closed = new Set<string>();
  /** While set, a DM fails in a way that is not a refusal (Discord down). */
  failing = false;
  /** While set, sending throws it (the process dies mid-send). */
  crash: Error | undefined;
  /** Every DM asked for, delivered or not. */
  attempts = 0;

  constructor(
    private readonly users: UserStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sendDm(userId: string, message: DmMessage): Promise<DmResult> {
    this.attempts++;
    if (this.crash) throw this.crash;
    const failure = await this.users.failureOf(userId);
    if (failure && this.now().getTime() - failure.at.getTime() < DM_RETRY_AFTER_MS) {
      return { delivered: false, reason: 'suppressed' };
    }
    if (this.closed.has(userId)) {
      await this.users.recordFailure(
        userId,
        'Discord error 50007: Cannot send messages to this user',
        this.now(),
      );
      return { delivered: false, reason: 'dms-closed' };
    }
    if (this.failing) return { delivered: false, reason: 'failed' };
    this.sent.push({ userId, message: structuredClone(message) });
    if (failure) await this.users.clearFailure(userId);
    return { delivered: true };
  }

  /** The DMs a user received. */
  to(userId: string): DmMessage[] {
    return this.sent.filter((dm) => dm.userId === userId).map((dm) => dm.message);
  }
}
