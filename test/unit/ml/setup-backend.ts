import { beforeAll } from 'vitest';
import { selectBackend } from '../../../src/ml/backend.js';

/** Tests run on wasm (the default here) unless MOTHERLIST_TEST_BACKEND=cpu asks for plain CPU. */
export const useTestBackend = (): void => {
  beforeAll(async () => {
    await selectBackend(process.env.MOTHERLIST_TEST_BACKEND === 'cpu' ? 'cpu' : 'wasm');
  });
};
