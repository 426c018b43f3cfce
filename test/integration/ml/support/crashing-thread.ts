/**
 * The real model thread, which also dies (as a native crash would) when asked to pick labels
 * for a session that has already asked about the track `crash-the-thread`.
 */
import { parentPort } from 'node:worker_threads';
import '../../../../src/ml/model-thread.js';
import type { ThreadRequest } from '../../../../src/ml/model-thread-protocol.js';

parentPort?.on('message', (request: ThreadRequest) => {
  if (
    request.type === 'task' &&
    request.task.kind === 'pick' &&
    request.task.asked.includes('crash-the-thread')
  )
    process.exit(70);
});
