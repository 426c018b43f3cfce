import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type BackendPreference = 'auto' | 'gpu' | 'node' | 'wasm' | 'cpu';
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendAttempt {
  backend: BackendName;
  error: string;
}

export interface BackendSelection {
  /** The backend now active, for logs and `/status`. */
  name: BackendName;
  /** Backends tried first that could not be used, with why. */
  failed: BackendAttempt[];
}

/** How each backend is brought up; swappable so tests can simulate missing packages. */
export type BackendLoaders = Record<BackendName, () => Promise<void>>;

const importOptional = async (specifier: string): Promise<void> => {
  // A variable specifier keeps bundlers and tsc from requiring the optional package.
  await import(specifier);
};

const activate = async (tfName: string): Promise<void> => {
  if (!(await tf.setBackend(tfName))) throw new Error(`tf.setBackend('${tfName}') failed`);
  await tf.ready();
};

/** The folder holding the backend's .wasm binaries, for Node where fetch-by-URL does not apply. */
export const wasmBinariesFolder = (): string => {
  const require = createRequire(import.meta.url);
  return `${path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}${path.sep}`;
};

export const defaultBackendLoaders: BackendLoaders = {
  'tensorflow-gpu': async () => {
    await importOptional('@tensorflow/tfjs-node-gpu');
    await activate('tensorflow');
    // tfjs-node-gpu silently runs on the CPU without CUDA; only claim the GPU when one answers.
    const devices = (tf.backend() as unknown as { isGPUAvailable?: () => boolean }).isGPUAvailable?.();
    if (devices === false) throw new Error('no GPU answered');
  },
  tensorflow: async () => {
    await importOptional('@tensorflow/tfjs-node');
    await activate('tensorflow');
  },
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmBinariesFolder());
    await activate('wasm');
  },
  cpu: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await activate('cpu');
  },
};

const ORDER: Record<BackendPreference, BackendName[]> = {
  auto: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  gpu: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  node: ['tensorflow', 'wasm', 'cpu'],
  wasm: ['wasm', 'cpu'],
  cpu: ['cpu'],
};

/**
 * Activates the preferred TensorFlow.js backend, falling back in the order
 * GPU -> native -> WebAssembly -> CPU when a package is missing or fails to start.
 */
export const selectBackend = async (
  preference: BackendPreference = 'auto',
  loaders: BackendLoaders = defaultBackendLoaders,
): Promise<BackendSelection> => {
  const failed: BackendAttempt[] = [];
  for (const backend of ORDER[preference]) {
    try {
      await loaders[backend]();
      return { name: backend, failed };
    } catch (error) {
      failed.push({ backend, error: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could start: ${failed.map((f) => `${f.backend}: ${f.error}`).join('; ')}`,
  );
};
