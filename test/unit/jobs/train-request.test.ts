import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../../support/capturing-logger.js';
import { runTrainRequest } from '../../../src/jobs/train-request.job.js';
import type { TrainingJob } from '../../../src/services/model/training-job.js';
import { TrainingUntoldError } from '../../../src/services/model/training-requests.service.js';

const job = {
  data: { userId: 'u1', layerId: 'l1', layerName: 'Moods', reply: {} } as unknown as TrainingJob,
  retryCount: 0,
};

describe('a /train job', () => {
  it('whose model is stored but whose result could not be shown ends without a retry, which would train it again', async () => {
    const { logger, lines } = capturingLogger();
    const failed: string[] = [];
    const trainings = {
      run: () => Promise.reject(new TrainingUntoldError(new Error('Discord down'))),
      failed: async (_job: TrainingJob, reference: string) => void failed.push(reference),
    };
    await expect(runTrainRequest(trainings, logger, job)).resolves.toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'training result not delivered', layerId: 'l1' });
    expect(lines[0]?.reference).toMatch(/^[0-9a-f]{8}$/);
    expect(failed).toEqual([]);
  });

  it('that failed before its model was stored is thrown, so that the queue retries it', async () => {
    const { logger } = capturingLogger();
    const boom = new Error('model thread died');
    const trainings = { run: () => Promise.reject(boom), failed: async () => undefined };
    await expect(runTrainRequest(trainings, logger, job)).rejects.toBe(boom);
  });
});
