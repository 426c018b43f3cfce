import type { ModelTask, ModelTaskResult } from '../../ml/model-tasks.js';

/**
 * Where model work runs: the pool of worker threads (src/ml/model-pool.ts), never the
 * event loop that answers Discord. `userId` is whose work it is: users take turns.
 */
export interface ModelWork {
  run<T extends ModelTask>(userId: string, task: T): Promise<ModelTaskResult<T>>;
  /** The TensorFlow.js backend the work runs on, stored with each model. */
  backend(): string;
}
