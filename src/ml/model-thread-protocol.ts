import type { BackendName } from './backend.js';
import type { LibraryTrack } from './features.js';
import type { ModelTask, ModelTaskResults } from './model-tasks.js';

/**
 * Messages between the pool and its threads (structured-cloned plain data). A big task's library
 * comes first in `items` pieces, then the task itself with `itemsSent` and no items of its own.
 */
export type ThreadRequest =
  | { type: 'items'; id: number; items: readonly LibraryTrack[] }
  | { type: 'task'; id: number; task: ModelTask; itemsSent?: boolean };

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
