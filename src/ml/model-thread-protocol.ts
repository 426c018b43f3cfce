import type { BackendName } from './backend.js';
import type { ModelTask, ModelTaskResults } from './model-tasks.js';

/** Messages between the pool and its threads (structured-cloned plain data). */
export interface ThreadRequest {
  id: number;
  task: ModelTask;
}

export type ThreadReply =
  | { type: 'ready'; backend: BackendName }
  | { type: 'result'; id: number; result: ModelTaskResults[keyof ModelTaskResults] }
  | { type: 'error'; id: number; message: string; stack?: string };
