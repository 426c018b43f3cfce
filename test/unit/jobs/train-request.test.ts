import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../../support/capturing-logger.js';
import { runTrainRequest } from '../../../src/jobs/train-request.job.js';
import { TRAIN_REQUEST_RETRY_LIMIT } from '../../../src/jobs/queues.js';
import type { TrainingJob } from '../../../src/services/model/training-job.js';
import { TrainingUntoldError } from '../../../src/services/model/training-requests.service.js';
import type { TrainOutcome } from '../../../src/services/ports/model-ports.js';

const data = { userId: 'u1', layerId: 'l1', layerName: 'Moods', reply: {} } as unknown as TrainingJob;
const outcome: TrainOutcome = { version: 3, labelCount: 12, quality: 0.8, perSublist: [] };

/** Discord's error names the request's URL, which holds the interaction token. */
const discordDown = Object.assign(new Error('Service Unavailable'), {
  url: 'https://discord.com/api/v10/webhooks/app/secret-token/messages/@original',
});

/** What `run` was given as already trained, each attempt; the first `untold` attempts cannot tell. */
const trainingsTelling = (untold: number) => {
  const trainedGiven: (TrainOutcome | undefined)[] = [];
  const referencesTold: string[] = [];
  return {
    trainedGiven,
    referencesTold,
    run: async (_job: TrainingJob, trained?: TrainOutcome) => {
      trainedGiven.push(trained);
      if (trainedGiven.length <= untold) throw new TrainingUntoldError(discordDown, outcome);
    },
    failed: async (_job: TrainingJob, reference: string) => void referencesTold.push(reference),
  };
};

/** pg-boss stores a thrown error (its own properties, name, message and cause) as the job's output. */
const storedOutput = (error: unknown): unknown =>
  JSON.parse(
    JSON.stringify(error, (_key, value: unknown) =>
      value instanceof Error
        ? { ...value, name: value.name, message: value.message, cause: value.cause }
        : value,
    ),
  );

describe('a /train job', () => {
  it('whose model is stored but whose result could not be shown is retried only to tell it', async () => {
    const { logger, lines } = capturingLogger();
    const trainings = trainingsTelling(1);
    const error = await runTrainRequest(trainings, logger, { data, retryCount: 0 }).catch((e: unknown) => e);
    const output = storedOutput(error);
    expect(JSON.stringify(output)).not.toContain('secret-token');
    await runTrainRequest(trainings, logger, { data, retryCount: 1, output });
    expect(trainings.trainedGiven).toEqual([undefined, outcome]);
    expect(lines.map((line) => line.msg)).toEqual(['training result not delivered yet; telling again']);
    expect(trainings.referencesTold).toEqual([]);
  });

  it('whose result could not be shown by the last attempt ends, logged with a reference', async () => {
    const { logger, lines } = capturingLogger();
    const trainings = trainingsTelling(2);
    const output = await runTrainRequest(trainings, logger, { data, retryCount: 0 }).catch(storedOutput);
    lines.length = 0;
    await expect(
      runTrainRequest(trainings, logger, { data, retryCount: TRAIN_REQUEST_RETRY_LIMIT, output }),
    ).resolves.toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'training result not delivered', layerId: 'l1' });
    expect(lines[0]?.reference).toMatch(/^[0-9a-f]{8}$/);
    expect(trainings.referencesTold).toEqual([]);
  });

  it('retried after another failure (a process that died) trains again', async () => {
    const { logger } = capturingLogger();
    const trainings = trainingsTelling(0);
    const output = { value: { message: 'job heartbeat timeout' } };
    await runTrainRequest(trainings, logger, { data, retryCount: 1, output });
    expect(trainings.trainedGiven).toEqual([undefined]);
  });

  it('that failed before its model was stored is thrown, so that the queue retries it', async () => {
    const { logger } = capturingLogger();
    const boom = new Error('model thread died');
    const trainings = { run: () => Promise.reject(boom), failed: async () => undefined };
    await expect(runTrainRequest(trainings, logger, { data, retryCount: 0 })).rejects.toMatchObject({
      name: 'JobFailure',
      message: 'model thread died',
    });
  });
});
