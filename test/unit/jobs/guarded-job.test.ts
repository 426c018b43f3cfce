import { describe, expect, it } from 'vitest';
import { capturingLogger } from '../../support/capturing-logger.js';
import { JobFailure } from '../../../src/jobs/job-failure.js';
import { runGuarded } from '../../../src/jobs/start-jobs.js';
import { RunFailedError, RunsStoppedError } from '../../../src/services/errors.js';
import { SpotifyLinkExpiredError, SpotifyQuotaError } from '../../../src/services/spotify-errors.js';

const DEBUG = 20;
const INFO = 30;
const ERROR = 50;

describe('a job’s errors', () => {
  it('a user error ends the job quietly: one debug line with its code, nothing at info or above', async () => {
    const { logger, lines } = capturingLogger();
    await runGuarded(logger, 'sync', { userId: 'u1' }, () =>
      Promise.reject(new SpotifyQuotaError(new Date('2026-12-06T18:00:00Z'))),
    );
    await runGuarded(logger, 'sync', { userId: 'u2' }, () =>
      Promise.reject(new SpotifyLinkExpiredError('u2')),
    );
    expect(lines.map((line) => [line.level, line.userId, line.code])).toEqual([
      [DEBUG, 'u1', 'spotify-quota'],
      [DEBUG, 'u2', 'link-expired'],
    ]);
  });

  it('an unexpected error is logged as an error with a reference and thrown, so that the queue retries', async () => {
    const { logger, lines } = capturingLogger();
    const boom = new Error('database gone');
    const thrown = runGuarded(logger, 'training', { layerId: 'l1' }, () => Promise.reject(boom));
    await expect(thrown).rejects.toBeInstanceOf(JobFailure);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: ERROR, layerId: 'l1', msg: 'training failed' });
    expect(lines[0]?.reference).toMatch(/^[0-9a-f]{8}$/);
    await expect(thrown).rejects.toMatchObject({ message: 'database gone', reference: lines[0]?.reference });
  });

  it('a sort run Spotify refused is logged with the reference its DM and /status show', async () => {
    const { logger, lines } = capturingLogger();
    const refused = new RunFailedError('run-1', 'ab12cd34', new Error('POST answered 403'));
    await expect(
      runGuarded(logger, 'sync', { userId: 'u1' }, () => Promise.reject(refused)),
    ).rejects.toMatchObject({ name: 'JobFailure', reference: 'ab12cd34' });
    expect(lines[0]).toMatchObject({ level: ERROR, userId: 'u1', reference: 'ab12cd34', msg: 'sync failed' });
  });

  it('a job the process stops in cleanly (a deploy) is no failure: one info line, nothing thrown, its work left for the next start', async () => {
    const { logger, lines } = capturingLogger();
    await runGuarded(logger, 'sync', { userId: 'u1' }, () => Promise.reject(new RunsStoppedError()));
    expect(lines).toEqual([
      expect.objectContaining({
        level: INFO,
        userId: 'u1',
        msg: 'sync stopped for the restart: the next start takes it up',
      }),
    ]);
  });
});
