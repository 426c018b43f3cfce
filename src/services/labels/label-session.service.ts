import type { LabelSession, Layer, Sublist } from '../../core/layer-records.js';
import { placementProblem } from '../../core/layer.js';
import { UserError, type ShownMotherlist } from '../errors.js';
import type { MotherlistReader } from '../ports/library.ports.js';
import { shownMotherlistIn } from '../layers/motherlist-reference.js';
import type { LabelService } from './label.service.js';
import type {
  CardTrack,
  LabelSessionStore,
  LabelCandidatePicker,
  LayerGuesser,
  TrackCatalog,
  TrackGuess,
} from '../ports/label-session.ports.js';
import type { LayerService } from '../layers/layer.service.js';
import { KeyedLock } from './keyed-lock.js';
import { LabelRounds } from './label-rounds.js';

/** Everything a label message shows. */
export interface LabelCard {
  session: LabelSession;
  layer: Layer;
  sublists: Sublist[];
  track: CardTrack;
  guess: TrackGuess | undefined;
  answeredCount: number;
}

export type SessionStep =
  | { kind: 'card'; card: LabelCard }
  | {
      kind: 'finished';
      session: LabelSession;
      layer: Layer;
      answeredCount: number;
      /** `motherlist-unlisted`: no track left to ask because the motherlist left the library. */
      reason: 'stopped' | 'exhausted' | 'motherlist-unlisted';
    };

export type SessionAction =
  | { kind: 'sublists'; sublistIds: string[] }
  | { kind: 'void' }
  | { kind: 'toggle'; sublistId: string }
  | { kind: 'done' }
  | { kind: 'skip' }
  | { kind: 'undo' }
  | { kind: 'stop' };

/** What became of the track whose message was pressed. */
export interface AnsweredTrack {
  track: CardTrack | undefined;
  layer: Layer;
  sublists: Sublist[];
  outcome:
    | { kind: 'labeled'; sublistIds: string[] }
    | { kind: 'skipped' }
    /**
     * Refused: the song is no longer in the layer's motherlist (un-liked since the card was
     * shown), so no sort places it; nothing stored, and the session moves on.
     */
    | { kind: 'left-motherlist'; motherlist: ShownMotherlist }
    | { kind: 'undone' }
    | { kind: 'stopped'; answeredCount: number };
}

type ActionResult =
  /** The same message shows the same track again with new toggles. */
  | { kind: 'toggled'; card: LabelCard }
  /** The pressed message is settled; the session moves on unless it was stopped. */
  | { kind: 'settled'; answered: AnsweredTrack; sessionOpen: boolean };

export type PressResult =
  | Extract<ActionResult, { kind: 'toggled' }>
  | (Extract<ActionResult, { kind: 'settled' }> & {
      /** The session's next step (absent once stopped); a card is already attached to the pressed message. */
      next?: SessionStep;
    });

export class LabelSessionService {
  private readonly lock = new KeyedLock();
  private readonly rounds: LabelRounds;

  constructor(
    private readonly deps: {
      sessions: LabelSessionStore;
      layers: LayerService;
      labels: LabelService;
      catalog: TrackCatalog;
      picker: LabelCandidatePicker;
      guesser: LayerGuesser;
      /** Whether the card's song is still in the motherlist (the synced library's copy). */
      motherlists: Pick<MotherlistReader, 'holding'>;
    },
  ) {
    this.rounds = new LabelRounds(deps);
  }

  /**
   * Opens a session on a layer, or continues the user's open one (in a fresh message: the
   * caller posts the card and attaches its id, which makes the old message's buttons stale).
   */
  async start(userId: string, layerName: string, channelId: string): Promise<SessionStep> {
    const { layer, sublists } = await this.check(userId, layerName);
    const open = await this.deps.sessions.openFor(userId, layer.id);
    const session = open
      ? await this.deps.sessions.update(open.id, { channelId, currentMessageId: null })
      : await this.deps.sessions.open(userId, layer.id, channelId);
    return this.lock.run(session.id, () => this.stepFor(session, layer, sublists));
  }

  /** The quick checks of `start` (linked, layer, enough sublists), for callers that answer before slow work. */
  async check(userId: string, layerName: string): Promise<{ layer: Layer; sublists: Sublist[] }> {
    const { layer, sublists } = await this.deps.layers.requireWithMotherlist(userId, layerName, 'label');
    const needed = layer.mode.complete ? 2 : 1;
    if (sublists.length < needed) {
      throw new UserError({ code: 'no-sublists', layerName: layer.name, needed, work: 'label' });
    }
    return { layer, sublists };
  }

  /** Records the message that shows the session's current track; older messages become stale. */
  async attachMessage(sessionId: string, messageId: string): Promise<void> {
    await this.deps.sessions.update(sessionId, { currentMessageId: messageId });
  }

  /**
   * Applies a button or menu press on message `messageId`, which showed track `trackId`, and when
   * that settles the track, moves the session on in the same pass: the next card (shown on
   * `messageId` and attached to it) or the end. One read of the session and its layer serves
   * both: each query of a press waits behind whatever holds the database (issue 22).
   */
  press(
    userId: string,
    sessionId: string,
    trackId: string,
    messageId: string,
    action: SessionAction,
  ): Promise<PressResult> {
    return this.lock.run(sessionId, async () => {
      const session = await this.deps.sessions.byId(sessionId);
      if (!session) throw new UserError({ code: 'stale-component', what: 'label-session-ended' });
      if (session.userId !== userId) throw new UserError({ code: 'not-yours', of: 'label-session' });
      if (session.status !== 'open')
        throw new UserError({ code: 'stale-component', what: 'label-session-stopped' });
      if (session.currentMessageId !== null && session.currentMessageId !== messageId)
        throw new UserError({ code: 'stale-component', what: 'card-superseded' });
      if (session.currentTrackId !== trackId)
        throw new UserError({ code: 'stale-component', what: 'track-answered' });
      const { layer, sublists } = await this.layerOf(session);
      const { result, after } = await this.apply(session, layer, sublists, trackId, action);
      if (result.kind === 'toggled' || !result.sessionOpen) return result;
      return { ...result, next: await this.stepFor(after, layer, sublists, messageId) };
    });
  }

  private async layerOf(session: LabelSession): Promise<{ layer: Layer; sublists: Sublist[] }> {
    const found = await this.deps.layers.byIdWithSublists(session.layerId);
    if (!found) throw new UserError({ code: 'stale-component', what: 'label-session-ended' });
    return found;
  }

  /** The press's effect, with the session as it stands afterwards. */
  private async apply(
    session: LabelSession,
    layer: Layer,
    sublists: Sublist[],
    trackId: string,
    action: SessionAction,
  ): Promise<{ result: ActionResult; after: LabelSession }> {
    const [track] = await this.deps.catalog.byIds([trackId]);
    const settled = (
      outcome: AnsweredTrack['outcome'],
      after: LabelSession,
      sessionOpen = true,
    ): { result: ActionResult; after: LabelSession } => ({
      result: { kind: 'settled', answered: { track, layer, sublists, outcome }, sessionOpen },
      after,
    });
    const moveOn = (): Promise<LabelSession> =>
      this.deps.sessions.update(session.id, {
        skippedTrackIds: [...session.skippedTrackIds, trackId],
        currentTrackId: null,
        currentMessageId: null,
        toggledSublistIds: [],
      });
    const label = async (sublistIds: string[]) => {
      const problem = placementProblem(layer.mode, sublistIds);
      if (problem)
        throw new UserError({ code: 'invalid-input', rule: 'mode', layerName: layer.name, problem });
      const left = await this.leftMotherlist(session.userId, layer, trackId);
      if (left) return settled({ kind: 'left-motherlist', motherlist: left }, await moveOn());
      await this.deps.labels.record(layer, sublists, trackId, sublistIds, 'session', {
        drawnAtRandom: this.rounds.drawnAtRandom(session.id, trackId),
      });
      const after = await this.deps.sessions.update(session.id, {
        answeredTrackIds: [...session.answeredTrackIds, trackId],
        currentTrackId: null,
        currentMessageId: null,
        toggledSublistIds: [],
      });
      return settled({ kind: 'labeled', sublistIds }, after);
    };

    switch (action.kind) {
      case 'sublists':
        return label(action.sublistIds);
      case 'void':
        return label([]);
      case 'toggle': {
        if (layer.mode.mutual) return label([action.sublistId]);
        const kept = await this.withoutRemovedPicks(session, sublists);
        if (!sublists.some((sublist) => sublist.id === action.sublistId)) {
          throw new UserError({ code: 'stale-component', what: 'sublist-removed' });
        }
        const toggled = kept.toggledSublistIds.includes(action.sublistId)
          ? kept.toggledSublistIds.filter((id) => id !== action.sublistId)
          : [...kept.toggledSublistIds, action.sublistId];
        const updated = await this.deps.sessions.update(session.id, { toggledSublistIds: toggled });
        if (!track) throw new UserError({ code: 'stale-component', what: 'track-gone' });
        return {
          result: { kind: 'toggled', card: await this.card(updated, layer, sublists, track) },
          after: updated,
        };
      }
      case 'done': {
        const chosen = session.toggledSublistIds.filter((id) =>
          sublists.some((sublist) => sublist.id === id),
        );
        if (placementProblem(layer.mode, chosen) === 'complete') {
          throw new UserError({ code: 'invalid-input', rule: 'pick-before-done' });
        }
        return label(chosen);
      }
      case 'skip':
        return settled({ kind: 'skipped' }, await moveOn());
      case 'undo': {
        const previous = session.answeredTrackIds.at(-1);
        if (previous === undefined) {
          throw new UserError({ code: 'nothing-to-undo', in: 'label-session' });
        }
        await this.deps.labels.forget(layer.id, previous);
        this.rounds.undo(session.id, trackId);
        return settled(
          { kind: 'undone' },
          await this.deps.sessions.update(session.id, {
            answeredTrackIds: session.answeredTrackIds.slice(0, -1),
            currentTrackId: previous,
            currentMessageId: null,
            toggledSublistIds: [],
          }),
        );
      }
      case 'stop': {
        const after = await this.deps.sessions.update(session.id, {
          status: 'closed',
          currentMessageId: null,
        });
        this.rounds.forgetQueue(session.id);
        return settled({ kind: 'stopped', answeredCount: session.answeredTrackIds.length }, after, false);
      }
    }
  }

  /**
   * The layer's motherlist, when the song is no longer in it: un-liked (or taken out of the parent
   * playlist) since its card was shown, as the library was last read. A correction menu or a Place
   * button refuses such an answer (leftMotherlist); so does a card. A motherlist gone from the
   * library as a whole does not count: the session closes over it, keeping the answer on screen.
   */
  private async leftMotherlist(
    userId: string,
    layer: Layer,
    trackId: string,
  ): Promise<ShownMotherlist | undefined> {
    if ((await this.deps.motherlists.holding(userId, layer.motherlistId, [trackId])).has(trackId))
      return undefined;
    if (await this.deps.layers.motherlistUnlisted(userId, layer)) return undefined;
    return shownMotherlistIn(layer, await this.deps.layers.graphOf(userId));
  }

  /**
   * The card of the current track, picking one when the session has none; with `messageId`, the
   * message that will show it, recorded in the same write.
   */
  private async stepFor(
    session: LabelSession,
    layer: Layer,
    sublists: Sublist[],
    messageId?: string,
  ): Promise<SessionStep> {
    if (session.status !== 'open') {
      return {
        kind: 'finished',
        session,
        layer,
        answeredCount: session.answeredTrackIds.length,
        reason: 'stopped',
      };
    }
    let current = session;
    let track: CardTrack | undefined;
    if (current.currentTrackId) [track] = await this.deps.catalog.byIds([current.currentTrackId]);
    if (track && messageId !== undefined && current.currentMessageId !== messageId)
      current = await this.deps.sessions.update(current.id, { currentMessageId: messageId });
    if (track) current = await this.withoutRemovedPicks(current, sublists);
    // Gone from the library, the motherlist no longer holds the tracks picked before it went: none
    // of them is asked about, as /label refuses a new session over it.
    if (!track && (await this.deps.layers.motherlistUnlisted(current.userId, layer)))
      return this.close(current, layer, 'motherlist-unlisted');
    while (!track) {
      const nextId = await this.rounds.nextTrackId(current, layer, sublists);
      if (nextId === undefined) {
        // A motherlist out of the library reads as empty: that is not "every track answered".
        const gone = await this.deps.layers.motherlistUnlisted(current.userId, layer);
        return this.close(current, layer, gone ? 'motherlist-unlisted' : 'exhausted');
      }
      [track] = await this.deps.catalog.byIds([nextId]);
      if (!track) {
        current = await this.deps.sessions.update(current.id, {
          skippedTrackIds: [...current.skippedTrackIds, nextId],
        });
        continue;
      }
      current = await this.deps.sessions.update(current.id, {
        currentTrackId: nextId,
        toggledSublistIds: [],
        ...(messageId === undefined ? {} : { currentMessageId: messageId }),
      });
    }
    const card = await this.card(current, layer, sublists, track);
    this.rounds.prepick(current, layer, sublists, track.id);
    return { kind: 'card', card };
  }

  private async close(
    session: LabelSession,
    layer: Layer,
    reason: 'exhausted' | 'motherlist-unlisted',
  ): Promise<SessionStep> {
    const closed = await this.deps.sessions.update(session.id, { status: 'closed', currentTrackId: null });
    this.rounds.forgetQueue(session.id);
    return {
      kind: 'finished',
      session: closed,
      layer,
      answeredCount: closed.answeredTrackIds.length,
      reason,
    };
  }

  /**
   * The session without the picks of sublists removed since they were toggled: the card would list
   * them as "Picked so far" with no name, and they would stay until the track is answered.
   */
  private async withoutRemovedPicks(session: LabelSession, sublists: Sublist[]): Promise<LabelSession> {
    const kept = session.toggledSublistIds.filter((id) => sublists.some((sublist) => sublist.id === id));
    if (kept.length === session.toggledSublistIds.length) return session;
    return this.deps.sessions.update(session.id, { toggledSublistIds: kept });
  }

  private async card(
    session: LabelSession,
    layer: Layer,
    sublists: Sublist[],
    track: CardTrack,
  ): Promise<LabelCard> {
    const guess = await this.deps.guesser
      .guess(session.userId, layer, sublists, track.id)
      .catch(() => undefined);
    return { session, layer, sublists, track, guess, answeredCount: session.answeredTrackIds.length };
  }
}
