import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunLockProvider } from '../../src/services/ports/sort-run.ports.js';

/** What the run locks promise the sort runs (the advisory locks and the in-memory ones alike). */
export const runLockContract = (locks: () => RunLockProvider): void => {
  describe('run locks', () => {
    it('lets one caller apply a run at a time', async () => {
      const key = `sort-run:${randomUUID()}`;
      const release = await locks().tryLock(key);
      expect(release).toBeDefined();
      expect(await locks().tryLock(key)).toBeUndefined();
      expect(await locks().tryLock(`${key}-other`)).toBeDefined();
      await release?.();
      // Releasing twice is harmless, and does not release the next holder.
      const again = await locks().tryLock(key);
      expect(again).toBeDefined();
      await release?.();
      expect(await locks().tryLock(key)).toBeUndefined();
      await again?.();
    });
  });
};
