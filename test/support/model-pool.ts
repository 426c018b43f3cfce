import type { BackendPreference } from '../../src/ml/backend.js';
import { ModelPool, type ModelPoolOptions } from '../../src/ml/model-pool.js';

/** The backend the test threads run: wasm (the default here) unless MOTHERLIST_TEST_BACKEND=cpu. */
export const testBackend = (): BackendPreference =>
  process.env.MOTHERLIST_TEST_BACKEND === 'cpu' ? 'cpu' : 'wasm';

/** The production model pool for a test file (one thread unless asked); close it in afterAll. */
export const startTestModelPool = (options: Partial<ModelPoolOptions> = {}): ModelPool =>
  new ModelPool({ threads: 1, backend: testBackend(), ...options });
