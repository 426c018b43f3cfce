import type { LabelSession, Layer, Sublist } from '../../core/layer-records.js';
import type { LabelCandidatePicker, LabelCandidates } from '../ports/label-session.ports.js';
import type { LabelService } from './label.service.js';

/**
 * How many tracks the active learner picks at once (the rest wait in memory for the next answers):
 * the evaluated label session's round (LABEL_ROUND in src/ml/evaluation.ts), so that the picker's
 * random share, round(count × RANDOM_SHARE), is the evaluated 3 of 10 (rounds of 5 drew 2 of 5).
 */
export const PICK_BATCH = 10;

/**
 * A round's tracks in the order the session shows them: the random draws spread evenly through
 * it (the i-th of k at position ⌊(i + ½)·n/k⌋) and the others in the picker's order. The picker
 * lists its random draws first; shown so, a session stopped after three cards would hold only
 * random draws, and one stopped mid-round more of them than the evaluated 30%.
 */
export const spreadRandomDraws = (trackIds: readonly string[], drawn: ReadonlySet<string>): string[] => {
  const random = trackIds.filter((id) => drawn.has(id));
  const chosen = trackIds.filter((id) => !drawn.has(id));
  const slots = new Set(random.map((_, i) => Math.floor(((i + 0.5) * trackIds.length) / random.length)));
  let r = 0;
  let c = 0;
  return trackIds.map((_, position) => (slots.has(position) ? random[r++] : chosen[c++]) as string);
};

/**
 * The tracks the active learner picked for each open session, in memory: the round being asked,
 * its random draws and the next round picked ahead.
 */
export class LabelRounds {
  private readonly queues = new Map<string, string[]>();
  /**
   * By session, the picked songs the active learner drew at random; their answers are stored as
   * such (`Label.drawnAtRandom`). Kept in memory like the queue: after a restart the song on the
   * card is answered as not drawn at random, which drops it from the sample without biasing it.
   * A skipped draw is no answer: it leaves the sample, and the mark ends with the session, so a
   * later session that asks about it as a chosen song stores that answer as not drawn at random.
   */
  private readonly randomDraws = new Map<string, Set<string>>();
  /**
   * By session, the next round's pick, started in the background as the round's last card is
   * shown, so that the press on that card need not wait for a light model to train (1.5-2.3 s). It
   * learns from every answer stored before it started; the answer to the card on screen joins the
   * round after (its track counts as asked, so it is never picked). That is the staleness a round
   * already has: its tenth card was chosen without the answers to the nine before it. Whatever
   * else it could miss leaves it valid: a track answered or skipped since is filtered out as from
   * any queue, and an Undo, the one answer a session withdraws, drops it (it may have learned from
   * that answer). In memory only, like the queue: after a restart the next round is picked anew.
   */
  private readonly prepicks = new Map<string, Promise<LabelCandidates | undefined>>();

  constructor(
    private readonly deps: {
      labels: Pick<LabelService, 'labeledTrackIds'>;
      picker: LabelCandidatePicker;
    },
  ) {}

  /** Whether the session's pick drew the track at random (its answer is stored as such). */
  drawnAtRandom(sessionId: string, trackId: string): boolean {
    return this.randomDraws.get(sessionId)?.has(trackId) ?? false;
  }

  /**
   * An Undo: the pressed track is asked again after the withdrawn one, and the pre-pick, which may
   * have learned from the withdrawn answer, is dropped.
   */
  undo(sessionId: string, trackId: string): void {
    this.prepicks.delete(sessionId);
    this.queues.set(sessionId, [trackId, ...(this.queues.get(sessionId) ?? [])]);
  }

  /**
   * Starts picking the round after the one whose last card, `shownTrackId`, is shown (see
   * `prepicks`): when the session's queue is empty.
   */
  prepick(session: LabelSession, layer: Layer, sublists: Sublist[], shownTrackId: string): void {
    if (this.queues.get(session.id)?.length) return;
    if (this.prepicks.has(session.id)) return;
    const round = this.deps.labels
      .labeledTrackIds(layer.id)
      .then((labeled) =>
        this.pickRound(
          session,
          layer,
          sublists,
          new Set([...labeled, ...session.skippedTrackIds, shownTrackId]),
        ),
      )
      // A failed pre-pick is picked again when needed, where a failure reaches the user.
      .catch(() => undefined);
    this.prepicks.set(session.id, round);
  }

  private pickRound(
    session: LabelSession,
    layer: Layer,
    sublists: Sublist[],
    asked: ReadonlySet<string>,
  ): Promise<LabelCandidates> {
    return this.deps.picker.pick({ userId: session.userId, layer, sublists, asked, count: PICK_BATCH });
  }

  async nextTrackId(session: LabelSession, layer: Layer, sublists: Sublist[]): Promise<string | undefined> {
    const labeled = new Set(await this.deps.labels.labeledTrackIds(layer.id));
    const skipped = new Set(session.skippedTrackIds);
    const asked = new Set([...labeled, ...skipped]);
    const queue = (this.queues.get(session.id) ?? []).filter((id) => !asked.has(id));
    if (queue.length === 0) {
      const pending = this.prepicks.get(session.id);
      this.prepicks.delete(session.id);
      const prepicked = await pending;
      // A pre-pick with nothing left unasked does not end the session: a fresh pick decides.
      const picked =
        prepicked && prepicked.trackIds.some((id) => !asked.has(id))
          ? prepicked
          : await this.pickRound(session, layer, sublists, asked);
      const drawn = new Set(picked.randomlyDrawn);
      queue.push(...spreadRandomDraws(picked.trackIds, drawn).filter((id) => !asked.has(id)));
      const draws = this.randomDraws.get(session.id) ?? new Set<string>();
      for (const id of picked.randomlyDrawn) if (!asked.has(id)) draws.add(id);
      this.randomDraws.set(session.id, draws);
    }
    const next = queue.shift();
    this.queues.set(session.id, queue);
    return next;
  }

  forgetQueue(sessionId: string): void {
    this.queues.delete(sessionId);
    this.randomDraws.delete(sessionId);
    this.prepicks.delete(sessionId);
  }
}
