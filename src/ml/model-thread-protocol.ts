import type { BackendName } from './backend.js';
import type { ModelTask, ModelTaskResults } from './model-tasks.js';

/** Messages between the pool and its threads (structured-cloned plain data). */
export interface ThreadRequest {
  id: number;
  task: ModelTask;
}

export type ThreadReply =
  | { type: 'ready'; backend: BackendName }
  | {
      type: 'result';
      id: number;
      result: ModelTaskResults[keyof ModelTaskResults];
      footprint: number;
      peakFootprint: number;
    }
  | { type: 'error'; id: number; message: string; stack?: string; footprint: number; peakFootprint: number };

/**
 * What the thread holds after a task: its JavaScript heap and its external memory, which includes
 * the WebAssembly memory of TensorFlow.js (it grows to a task's peak and never shrinks).
 */
export const threadFootprint = (): number => {
  const { heapTotal, external } = process.memoryUsage();
  return heapTotal + external;
};

/**
 * The most the thread held while a task ran, sampled whenever the task yields (a synchronous
 * stretch of TensorFlow.js work is seen at its end): what a task costs at its peak, for benchmarks.
 */
export const watchPeakFootprint = (everyMs = 100): (() => number) => {
  let peak = threadFootprint();
  const timer = setInterval(() => {
    peak = Math.max(peak, threadFootprint());
  }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, threadFootprint());
  };
};
