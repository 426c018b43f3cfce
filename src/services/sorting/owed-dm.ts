import { DM_OWED_FOR_MS, type SortRun } from '../../core/run-records.js';
import type { DmResult } from '../ports/notifier.js';
import type { RunDmStore } from '../ports/sort-run.ports.js';

/**
 * Records how a run's owed DM (claimed first) went. Delivered, or refused by Discord: no longer
 * owed. Held back by the notifier's pause after an earlier refusal: owed still, its try given back,
 * so that it goes out at the first pass once DMs work again (Try a DM), until the run is
 * DM_OWED_FOR_MS old. A passing failure keeps it owed, its try counted (claimDm drops it once its
 * tries are spent). One refused or held back too long is recorded as dropped, which /status counts:
 * the user never got that summary.
 */
export const settleOwedDm = async (
  store: Pick<RunDmStore, 'settleDm' | 'releaseDm' | 'dropDm'>,
  run: Pick<SortRun, 'id' | 'createdAt' | 'finishedAt'>,
  sent: DmResult,
  now: Date,
): Promise<void> => {
  if (sent.delivered) return store.settleDm(run.id, now);
  if (sent.reason === 'failed') return;
  const owedSince = run.finishedAt ?? run.createdAt;
  if (sent.reason === 'suppressed' && now.getTime() - owedSince.getTime() < DM_OWED_FOR_MS)
    return store.releaseDm(run.id);
  return store.dropDm(run.id, now);
};
