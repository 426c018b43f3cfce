import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/enrich/circuit-breaker.js';
import { ProviderError, ProviderUnavailableError } from '../../../src/enrich/provider-error.js';
import { ProviderGate } from '../../../src/enrich/provider-gate.js';
import { fastPolicy } from '../../support/fast-policy.js';

describe('CircuitBreaker', () => {
  it('opens after consecutive failures, lets one trial through after the cooldown, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => now });
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now = 1000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('reopens at once when the trial fails', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now });
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    now = 1500;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    now = 2000;
    expect(breaker.state).toBe('open');
  });

  it('a success resets the failure count', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });
});

describe('ProviderGate', () => {
  it('retries retryable failures, then succeeds', async () => {
    const gate = new ProviderGate('test', fastPolicy());
    let calls = 0;
    const result = await gate.run(async () => {
      calls += 1;
      if (calls < 3) throw new ProviderError('test', 'busy', true);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(gate.circuit).toBe('closed');
  });

  it('does not retry a permanent failure', async () => {
    const gate = new ProviderGate('test', fastPolicy());
    let calls = 0;
    await expect(
      gate.run(async () => {
        calls += 1;
        throw new ProviderError('test', 'bad request', false);
      }),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  it('stops calling once the circuit is open, including calls already queued', async () => {
    const gate = new ProviderGate(
      'test',
      fastPolicy({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }),
    );
    let calls = 0;
    const failing = () =>
      gate.run(async () => {
        calls += 1;
        throw new ProviderError('test', 'down', true);
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, failing));
    expect(calls).toBe(3);
    expect(
      outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof ProviderUnavailableError),
    ).toHaveLength(7);
    expect(gate.circuit).toBe('open');
    await expect(failing()).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(calls).toBe(3);
  });

  it('spaces requests by the rate limit', async () => {
    const gate = new ProviderGate('test', fastPolicy({ rateLimit: { maxConcurrent: 1, minTimeMs: 40 } }));
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 4 }, () => gate.run(async () => starts.push(Date.now()))));
    // Single gaps carry event-loop jitter; the span of four starts 40 ms apart cannot shrink much.
    expect((starts[3] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(100);
  });
});
