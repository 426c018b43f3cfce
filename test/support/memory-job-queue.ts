import { randomUUID } from 'node:crypto';
import type { JobQueue } from '../../src/services/ports/job-queue.js';
import type { TrainingJob } from '../../src/services/model/training-job.js';

/**
 * The job queue in memory (unit tier only): what services sent, with pg-boss's one queued job per
 * user (syncs, enrichments) or per layer (/train); nothing is worked until a test calls `finish`.
 * Held to the pg-boss queue by test/contracts/job-queue.contract.ts.
 */
export class MemoryJobQueue implements JobQueue {
  readonly syncs: string[] = [];
  readonly retrains: { userId: string; layerId: string }[] = [];
  readonly enrichments: string[] = [];
  readonly trainings: TrainingJob[] = [];
  private readonly queued = {
    sync: new Set<string>(),
    enrichment: new Set<string>(),
    training: new Set<string>(),
  };

  async queueSync(userId: string): Promise<string | null> {
    return this.send(this.queued.sync, userId, () => this.syncs.push(userId));
  }

  async queueRetrain(userId: string, layerId: string): Promise<void> {
    this.retrains.push({ userId, layerId });
  }

  async queueEnrichment(userId: string): Promise<string | null> {
    return this.send(this.queued.enrichment, userId, () => this.enrichments.push(userId));
  }

  async queueTraining(job: TrainingJob): Promise<string | null> {
    return this.send(this.queued.training, job.layerId, () => this.trainings.push(structuredClone(job)));
  }

  async isTraining(layerId: string): Promise<boolean> {
    return this.queued.training.has(layerId);
  }

  /** Every queued job was worked: the same user or layer may be queued again. */
  finish(): void {
    for (const keys of Object.values(this.queued)) keys.clear();
  }

  private send(queued: Set<string>, key: string, record: () => void): string | null {
    if (queued.has(key)) return null;
    queued.add(key);
    record();
    return randomUUID();
  }
}
