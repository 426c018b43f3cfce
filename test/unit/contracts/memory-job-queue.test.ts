import { describe } from 'vitest';
import { jobQueueContract } from '../../contracts/job-queue.contract.js';
import { MemoryJobQueue } from '../../support/memory-job-queue.js';

/** The unit tier's in-memory job queue, held to the same contract as the pg-boss queue. */
describe('the in-memory job queue', () => {
  const queue = new MemoryJobQueue();
  jobQueueContract(() => queue);
});
