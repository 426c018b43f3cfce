import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type BackendLoaders, defaultBackendLoaders, selectBackend } from '../../../src/ml/backend.js';

describe('backend selection', () => {
  it('falls back from the missing native packages to wasm', async () => {
    const selection = await selectBackend('auto');
    expect(selection.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(selection.failed.map((f) => f.backend)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0])).toBe(6);
  });

  it('falls back to cpu when wasm cannot start, and honours an explicit choice', async () => {
    const loaders: BackendLoaders = {
      ...defaultBackendLoaders,
      wasm: () => Promise.reject(new Error('no WebAssembly here')),
    };
    const selection = await selectBackend('wasm', loaders);
    expect(selection).toEqual({ name: 'cpu', failed: [{ backend: 'wasm', error: 'no WebAssembly here' }] });
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend('cpu')).name).toBe('cpu');
  });

  it('says why when nothing can start', async () => {
    const broken = Object.fromEntries(
      Object.keys(defaultBackendLoaders).map((name) => [
        name,
        () => Promise.reject(new Error(`${name} broken`)),
      ]),
    ) as BackendLoaders;
    await expect(selectBackend('auto', broken)).rejects.toThrow('cpu: cpu broken');
  });
});
