import type { RefusedSong, ReversedSong, RunSummary } from './run-summary.js';

/** `list`'s placements without the sublists `out` names for their song; songs left in none dropped. */
const withoutPlacements = <P extends { trackId: string; sublistIds: string[] }>(
  list: readonly P[],
  out: (trackId: string, sublistId: string) => boolean,
): P[] =>
  list.flatMap((p) => {
    const sublistIds = p.sublistIds.filter((id) => !out(p.trackId, id));
    if (sublistIds.length === p.sublistIds.length) return [p];
    return sublistIds.length > 0 ? [{ ...p, sublistIds }] : [];
  });

/** `summary`'s placements without the sublists `out` names for their song; `unplaced`: songs no longer placed. */
const withPlacementsOut = (
  summary: Partial<RunSummary>,
  out: (trackId: string, sublistId: string) => boolean,
  unplaced: { answered: number; placed: number },
): Partial<RunSummary> => {
  const { confidence } = summary;
  return {
    ...(summary.placed ? { placed: withoutPlacements(summary.placed, out) } : {}),
    ...(summary.uncertain ? { uncertain: withoutPlacements(summary.uncertain, out) } : {}),
    ...(confidence
      ? {
          confidence: {
            ...confidence,
            answered: confidence.answered - unplaced.answered,
            placed: confidence.placed - unplaced.placed,
          },
        }
      : {}),
  };
};

/**
 * A run's summary with `refused` kept out of the sublists it meant for them (`answered`: the
 * placement was the user's answer). A song refused again, when an apply cut short is repeated,
 * counts once. A song the user put back by hand into a sublist (`reversedByHand`) counts there already.
 */
export const withRefused = (
  summary: Partial<RunSummary>,
  refused: readonly (RefusedSong & { answered: boolean })[],
): Partial<RunSummary> => {
  const known = summary.refused ?? [];
  const fresh = refused.filter(
    (r) => !known.some((k) => k.trackId === r.trackId && k.sublistId === r.sublistId),
  );
  if (fresh.length === 0) return summary;
  const putBack = (trackId: string, sublistId: string) =>
    summary.reversedByHand?.some(
      (r) => r.action === 'remove' && r.trackId === trackId && r.sublistId === sublistId,
    ) ?? false;
  const answered = fresh.filter((r) => r.answered).length;
  return {
    ...summary,
    ...(summary.perSublist
      ? {
          perSublist: summary.perSublist.map((s) => {
            const out = fresh.filter((r) => r.sublistId === s.sublistId).length;
            const held = fresh.filter(
              (r) => r.heldIn.includes(s.sublistId) && !putBack(r.trackId, s.sublistId),
            ).length;
            return { ...s, added: s.added - out, total: s.total - out + held };
          }),
        }
      : {}),
    ...withPlacementsOut(
      summary,
      (trackId, sublistId) => fresh.some((r) => r.trackId === trackId && r.sublistId === sublistId),
      { answered, placed: fresh.length - answered },
    ),
    refused: [...known, ...fresh.map(({ answered: _, ...song }) => song)],
  };
};

/**
 * A resumed run's summary with the songs whose write the user reversed by hand counted as the user
 * left them (`answered`: an add's placement was the user's answer). A song reversed again, when an
 * apply cut short is repeated, counts once.
 */
export const withReversedByHand = (
  summary: Partial<RunSummary>,
  reversed: readonly (ReversedSong & { answered: boolean })[],
): Partial<RunSummary> => {
  const known = summary.reversedByHand ?? [];
  const same = (a: ReversedSong) => (b: ReversedSong) =>
    a.trackId === b.trackId && a.sublistId === b.sublistId && a.action === b.action;
  const fresh = reversed.filter((r) => !known.some(same(r)));
  if (fresh.length === 0) return summary;
  const takenOut = fresh.filter((r) => r.action === 'add');
  const out = (trackId: string, sublistId: string) =>
    takenOut.some((r) => r.trackId === trackId && r.sublistId === sublistId);
  // A song counts unplaced when it is left in no sublist the run placed it in (or the summary kept no placement of it).
  const stillPlaced = new Set(withoutPlacements(summary.placed ?? [], out).map((p) => p.trackId));
  const unplaced = [...new Map(takenOut.map((r) => [r.trackId, r])).values()].filter(
    (r) => !stillPlaced.has(r.trackId),
  );
  const answered = unplaced.filter((r) => r.answered).length;
  return {
    ...summary,
    ...(summary.perSublist
      ? {
          perSublist: summary.perSublist.map((s) => {
            const here = fresh.filter((r) => r.sublistId === s.sublistId);
            const notAdded = here.filter((r) => r.action === 'add').length;
            const notRemoved = here.length - notAdded;
            return {
              ...s,
              added: s.added - notAdded,
              removed: s.removed - notRemoved,
              total: s.total - notAdded + notRemoved,
            };
          }),
        }
      : {}),
    ...withPlacementsOut(summary, out, { answered, placed: unplaced.length - answered }),
    heldBack: (summary.heldBack ?? 0) + fresh.length,
    reversedByHand: [...known, ...fresh.map(({ answered: _, ...song }) => song)],
  };
};
