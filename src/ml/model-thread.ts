import { parentPort, workerData } from 'node:worker_threads';
import { type BackendPreference, selectBackend } from './backend.js';
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

port.on('message', (request: ThreadRequest) => {
  const peak = watchPeakFootprint();
  runModelTask(request.task).then(
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
