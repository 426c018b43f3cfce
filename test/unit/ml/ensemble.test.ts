import { describe, expect, it } from 'vitest';
import { type NetworkWeights, averageNetworks, predictNetwork } from '../../../src/ml/network.js';
import { createRandom } from '../../../src/ml/random.js';
import { useTestBackend } from './setup-backend.js';

useTestBackend();

const randomNetwork = (layerSizes: number[], seed: number): NetworkWeights => {
  const random = createRandom(seed);
  const parameters = layerSizes
    .slice(1)
    .flatMap((out, l) => [(layerSizes[l] as number) * out, out])
    .map((size) => Float32Array.from({ length: size }, () => random() * 2 - 1));
  return { layerSizes, output: 'sigmoid', parameters };
};

const logit = (p: number) => Math.log(p / (1 - p));

describe('averaged networks', () => {
  it.each([[[5, 4, 3]], [[5, 3]]])('predict the mean of the members’ logits (sizes %o)', (sizes) => {
    const members = [1, 2, 3].map((seed) => randomNetwork(sizes, seed));
    const merged = averageNetworks(members);
    const random = createRandom(9);
    const inputs = Float32Array.from({ length: 4 * 5 }, () => random());
    const mergedOut = predictNetwork(merged, inputs, 4);
    const memberOuts = members.map((m) => predictNetwork(m, inputs, 4));
    mergedOut.forEach((p, i) => {
      const mean = memberOuts.reduce((sum, out) => sum + logit(out[i] ?? 0.5), 0) / members.length;
      expect(logit(p)).toBeCloseTo(mean, 3);
    });
  });

  it('leaves a single network as it is', () => {
    const only = randomNetwork([5, 4, 3], 1);
    expect(averageNetworks([only])).toBe(only);
  });
});
