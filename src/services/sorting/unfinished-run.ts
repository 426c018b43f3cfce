import type { PutBackSong, SortRun, SortStep } from '../../core/run-records.js';
import type { SortRunDeps } from '../ports/sort-run.ports.js';
import { isPassing } from './failure-kinds.js';
import type { RunSummary, UnremovedSong, WaitingSong } from './run-summary.js';

/**
 * Whether the mutual check kept a song out of a sublist (the run's summary `refused`): the run did
 * not put it there, so no write of it there is to put back.
 */
const keptOutBy = (
  summary: Partial<RunSummary> | null,
): ((sublistId: string, trackId: string) => boolean) => {
  const keptOut = new Set((summary?.refused ?? []).map((r) => `${r.sublistId} ${r.trackId}`));
  return (sublistId, trackId) => keptOut.has(`${sublistId} ${trackId}`);
};

/**
 * The songs a run that ends unfinished moved only in part: songs it both adds to a playlist and
 * takes out of another, with some of their writes made (Spotify shows them, or the journal marks
 * them done; not an add the mutual check refused) and some not (`left`: the run's steps with the
 * songs Spotify does not show written yet). Put back where they were, they are in one sublist
 * (never in none, as a move made in part in the other order would leave them, nor in two).
 * A correction's song counts so whatever its writes (in a non-mutual layer it may only be added,
 * or only taken out): the user's answer is made whole or not at all, as no answer is stored.
 */
export const movedInPart = (
  run: SortRun,
  journaled: readonly SortStep[],
  left: readonly SortStep[],
  summary: Partial<RunSummary> | null,
): Set<string> => {
  const keptOut = keptOutBy(summary);
  const added = new Set<string>();
  const removed = new Set<string>();
  const made = new Set<string>();
  const unmade = new Set<string>();
  for (const [i, step] of journaled.entries()) {
    for (const id of step.trackIds) (step.action === 'add' ? added : removed).add(id);
    const rest = step.done ? [] : (left[i]?.trackIds ?? step.trackIds);
    for (const id of rest) unmade.add(id);
    const notWritten = new Set(rest);
    for (const id of step.trackIds) if (!notWritten.has(id) && !keptOut(step.sublistId, id)) made.add(id);
  }
  const moved = (id: string) => run.kind === 'correction' || (added.has(id) && removed.has(id));
  return new Set([...unmade].filter((id) => moved(id) && made.has(id)));
};

/**
 * Records as the bot's own the writes of steps not marked done that Spotify shows made (`left`:
 * `unwritten`'s, in the same order): their record may be what failed, and the next sync would
 * take them for the user's hand edits. The stored version stays, so that sync reads the
 * playlists again. A record that fails for a reason that passes leaves the end to the layer's
 * next pass; one refused for good is noted in the journal instead (the step's unrecorded songs,
 * which the next sync takes for no hand edit). The run ends once the journal holds them: until
 * then it stays unfinished, and a sync takes its steps not done for no hand edit either.
 */
export const recordOwnWrites = async (
  deps: Pick<SortRunDeps, 'contents' | 'steps'>,
  userId: string,
  journaled: readonly SortStep[],
  left: readonly SortStep[],
): Promise<void> => {
  for (const [i, step] of journaled.entries()) {
    const rest = new Set(left[i]?.trackIds ?? step.trackIds);
    const written = step.trackIds.filter((id) => !rest.has(id));
    if (step.done || written.length === 0) continue;
    try {
      await deps.contents.recordWrite(userId, step.playlistId, step.action, written, null);
    } catch (recordError) {
      if (isPassing(recordError)) throw recordError;
      await deps.steps.markUnrecorded(step.id, written);
    }
  }
};

/**
 * Reads playlists from Spotify, each once. A read that fails for a reason that does not pass (a
 * playlist gone or another account's, an answer we cannot read) would fail every end: undefined,
 * the journal then says.
 */
export const liveReader = (
  deps: Pick<SortRunDeps, 'writer'>,
  userId: string,
): ((playlistId: string) => Promise<Set<string> | undefined>) => {
  const live = new Map<string, Set<string> | undefined>();
  return async (playlistId) => {
    if (!live.has(playlistId))
      live.set(
        playlistId,
        await deps.writer.trackIds(userId, playlistId).then(
          (ids) => new Set(ids),
          (readError: unknown) => {
            if (isPassing(readError)) throw readError;
            return undefined;
          },
        ),
      );
    return live.get(playlistId);
  };
};

/**
 * The steps not marked done, each with the songs Spotify does not show written yet (an add's
 * songs not in the playlist, a remove's still in it).
 */
export const unwritten = async (
  steps: readonly SortStep[],
  contentsOf: (playlistId: string) => Promise<Set<string> | undefined>,
): Promise<SortStep[]> => {
  const left: SortStep[] = [];
  for (const step of steps) {
    const present = step.done ? undefined : await contentsOf(step.playlistId);
    if (!present) {
      left.push(step);
      continue;
    }
    const rest = step.trackIds.filter((id) => present.has(id) !== (step.action === 'add'));
    left.push({ ...step, trackIds: rest, done: rest.length === 0 });
  }
  return left;
};

/**
 * The songs of `halfMoved` as the run ends, owed a put-back: each with the playlists its steps
 * write it to or from (not one the mutual check kept it out of: the run did not put it there),
 * those that hold it now as Spotify shows them (as the journal says where a playlist cannot be
 * read), and those it was in before the run (its removes').
 */
export const halfMadeMoves = async (
  deps: Pick<SortRunDeps, 'motherlist'>,
  journaled: readonly SortStep[],
  left: readonly SortStep[],
  halfMoved: ReadonlySet<string>,
  summary: Partial<RunSummary> | null,
  contentsOf: (playlistId: string) => Promise<Set<string> | undefined>,
): Promise<PutBackSong[]> => {
  const keptOut = keptOutBy(summary);
  const names = await deps.motherlist.namesOf([...halfMoved]);
  const songs = new Map<string, PutBackSong>();
  for (const [i, step] of journaled.entries()) {
    if (!step.trackIds.some((id) => halfMoved.has(id))) continue;
    const present = await contentsOf(step.playlistId);
    const notWritten = new Set(step.done ? [] : (left[i]?.trackIds ?? step.trackIds));
    for (const trackId of step.trackIds) {
      if (!halfMoved.has(trackId) || keptOut(step.sublistId, trackId)) continue;
      const song = songs.get(trackId) ?? {
        trackId,
        trackName: names.get(trackId) ?? trackId,
        playlists: [],
        held: [],
        back: [],
      };
      songs.set(trackId, song);
      const isIn = present ? present.has(trackId) : notWritten.has(trackId) !== (step.action === 'add');
      song.playlists.push(step.playlistId);
      if (isIn) song.held.push(step.playlistId);
      if (step.action === 'remove') song.back.push(step.playlistId);
    }
  }
  return [...songs.values()];
};

/**
 * The new likes of a sync run that will not finish (Spotify refused it for good, or it failed
 * RUN_APPLY_TRIES times) and that its writes did not place: the songs of its adds not done (a
 * sync run adds only new likes), each with every sublist the run meant it for. They wait
 * instead: no sync takes them in again, and a retry would fail again. The confidence is the
 * model's where the summary kept it, else the layer's precision target, which a placement met.
 */
export const unplacedNewLikes = async (
  deps: Pick<SortRunDeps, 'layers'>,
  run: SortRun,
  runSteps: readonly SortStep[],
): Promise<WaitingSong[]> => {
  const steps = runSteps.filter((s) => s.action === 'add');
  const pending = new Set(steps.filter((s) => !s.done).flatMap((s) => s.trackIds));
  if (pending.size === 0) return [];
  const summary = run.summary as Partial<RunSummary> | null;
  const nameOf = new Map((summary?.placed ?? []).map((p) => [p.trackId, p.trackName]));
  const sureOf = new Map((summary?.uncertain ?? []).map((u) => [u.trackId, u.confidence]));
  const target = (await deps.layers.byId(run.layerId))?.precisionTarget ?? 0;
  return [...pending].map((trackId) => ({
    trackId,
    trackName: nameOf.get(trackId) ?? trackId,
    sublistIds: [...new Set(steps.filter((s) => s.trackIds.includes(trackId)).map((s) => s.sublistId))],
    confidence: sureOf.get(trackId) ?? target,
  }));
};

/**
 * The songs of a failing sync run's removes not done (the songs that left its motherlist: the
 * layer's intake forgot them when the run was journaled), each counted with the runs before it
 * that failed to take it out: the layer's sync runs since run one after another (a failed one
 * takes them back in, so the next sync plans their removal again), the last one ended tells.
 */
export const unremovedDeparted = async (
  deps: Pick<SortRunDeps, 'runs'>,
  run: SortRun,
  steps: readonly SortStep[],
): Promise<UnremovedSong[]> => {
  const pending = new Set(steps.filter((s) => s.action === 'remove' && !s.done).flatMap((s) => s.trackIds));
  if (pending.size === 0) return [];
  const before = await deps.runs.lastSyncEnded(run.layerId);
  const unremovedBefore =
    before && before.id !== run.id
      ? ((before.summary as Partial<RunSummary> | null)?.failed?.unremoved ?? [])
      : [];
  const triesBefore = new Map(unremovedBefore.map((u) => [u.trackId, u.tries]));
  return [...pending].map((trackId) => ({ trackId, tries: (triesBefore.get(trackId) ?? 0) + 1 }));
};
