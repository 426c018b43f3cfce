import { describe, expect, it } from 'vitest';
import { FairQueue } from '../../../src/ml/fair-queue.js';

describe('FairQueue', () => {
  it('serves owners in turn, each in order', () => {
    const queue = new FairQueue<string>();
    for (let i = 1; i <= 4; i++) queue.push('alice', `a${i}`);
    queue.push('bob', 'b1');
    // alice was served while bob waited: bob is next, then the new carol, then alice again.
    expect(queue.shift()).toBe('a1');
    queue.push('carol', 'c1');
    expect(queue.shift((owner) => owner !== 'bob')).toBe('c1');
    expect(queue.drain()).toEqual(['b1', 'a2', 'a3', 'a4']);
    expect(queue.size).toBe(0);
  });
});
