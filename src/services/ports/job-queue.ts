import type { TrainingJob } from '../model/training-job.js';

/** Work sent to the job queue (pg-boss at run time): what services ask to happen in the background. */
export interface JobQueue {
  /** A sync of the user's library soon; a sync already queued for them absorbs it. */
  queueSync(userId: string): Promise<string | null>;
  /** Retrains the layer once labels stop arriving for a while. */
  queueRetrain(userId: string, layerId: string): Promise<void>;
  /** Enriches what a sync stored (audio features, tags), in the background. */
  queueEnrichment(userId: string): Promise<string | null>;
  /** A /train as a job; null when one of the layer is queued or running already. */
  queueTraining(job: TrainingJob): Promise<string | null>;
  /** Whether a /train of the layer is queued or running. */
  isTraining(layerId: string): Promise<boolean>;
}
