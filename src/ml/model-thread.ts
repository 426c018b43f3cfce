import { parentPort, workerData } from 'node:worker_threads';
import { type BackendPreference, selectBackend } from './backend.js';
import type { LibraryTrack } from './features.js';
import { runModelTask } from './model-tasks.js';
import {
  threadFootprint,
  watchPeakFootprint,
  type ThreadReply,
  type ThreadRequest,
} from './model-thread-protocol.js';

/** A thread of the model pool: brings up its own TensorFlow.js backend, then runs tasks one at a time. */
const port = parentPort;
if (!port) throw new Error('model-thread runs only as a worker thread');
const { backend } = workerData as { backend: BackendPreference };

const selection = await selectBackend(backend);
port.postMessage({ type: 'ready', backend: selection.name } satisfies ThreadReply);

/** The library of a task whose pieces are still arriving, by task id. */
const arriving = new Map<number, LibraryTrack[]>();

port.on('message', (request: ThreadRequest) => {
  if (request.type === 'items') {
    const items = arriving.get(request.id) ?? [];
    for (const item of request.items) items.push(item);
    arriving.set(request.id, items);
    return;
  }
  const task = request.itemsSent ? { ...request.task, items: arriving.get(request.id) ?? [] } : request.task;
  arriving.delete(request.id);
  const peak = watchPeakFootprint();
  runModelTask(task).then(
    (result) =>
      port.postMessage({
        type: 'result',
        id: request.id,
        result,
        peakFootprint: peak(),
        footprint: threadFootprint(),
      } satisfies ThreadReply),
    (error: unknown) =>
      port.postMessage({
        type: 'error',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
        peakFootprint: peak(),
        footprint: threadFootprint(),
      } satisfies ThreadReply),
  );
});
