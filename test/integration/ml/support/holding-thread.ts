/**
 * The real model thread, which also holds a pick task whose session has asked about
 * `hold-until:<file>` until that file exists: a long task whose end the test decides.
 */
import { existsSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import '../../../../src/ml/model-thread.js';
import type { ThreadRequest } from '../../../../src/ml/model-thread-protocol.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

// The real listener only starts its task before this one runs: its reply waits for the release.
parentPort?.on('message', (request: ThreadRequest) => {
  if (request.type !== 'task' || request.task.kind !== 'pick') return;
  const hold = request.task.asked.find((asked) => asked.startsWith('hold-until:'));
  if (!hold) return;
  const file = hold.slice('hold-until:'.length);
  while (!existsSync(file)) Atomics.wait(sleeper, 0, 0, 20);
});
