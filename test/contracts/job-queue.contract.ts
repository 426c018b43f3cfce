import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/services/ports/job-queue.js';
import type { TrainingJob } from '../../src/services/model/training-job.js';

const training = (layerId: string): TrainingJob => ({
  userId: `user-${randomUUID()}`,
  layerId,
  layerName: 'Genres',
  reply: {
    applicationId: 'app',
    interactionTokenCiphertext: 'cipher',
    issuedAt: Date.parse('2026-03-01T10:00:00Z'),
    private: true,
    channelId: 'channel',
  },
});

/** What the job queue promises the services that send to it (pg-boss and the in-memory queue alike); nothing is worked. */
export const jobQueueContract = (queue: () => JobQueue): void => {
  describe('the job queue', () => {
    it('one queued sync per user: a second one is absorbed', async () => {
      const user = `user-${randomUUID()}`;
      expect(await queue().queueSync(user)).toEqual(expect.any(String));
      expect(await queue().queueSync(user)).toBeNull();
      expect(await queue().queueSync(`user-${randomUUID()}`)).toEqual(expect.any(String));
    });

    it('one queued enrichment per user', async () => {
      const user = `user-${randomUUID()}`;
      expect(await queue().queueEnrichment(user)).toEqual(expect.any(String));
      expect(await queue().queueEnrichment(user)).toBeNull();
      expect(await queue().queueEnrichment(`user-${randomUUID()}`)).toEqual(expect.any(String));
    });

    it('one /train per layer, and whether one is queued', async () => {
      const layer = randomUUID();
      const other = randomUUID();
      expect(await queue().isTraining(layer)).toBe(false);
      expect(await queue().queueTraining(training(layer))).toEqual(expect.any(String));
      expect(await queue().isTraining(layer)).toBe(true);
      expect(await queue().queueTraining(training(layer))).toBeNull();
      expect(await queue().isTraining(other)).toBe(false);
      expect(await queue().queueTraining(training(other))).toEqual(expect.any(String));
    });

    it('a retraining can be asked for again and again (debounced, never refused)', async () => {
      const layer = randomUUID();
      await queue().queueRetrain('user', layer);
      await queue().queueRetrain('user', layer);
    });
  });
};
