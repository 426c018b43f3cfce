import { atMostPriority, RequestPriority } from '../../core/request-priority.js';
import { removalAnswers } from '../../core/hand-edits.js';
import { layerCycles, layerLinks, parentsFirst } from '../../core/layer-graph.js';
import type { PlaylistsRead } from '../../core/library-records.js';
import {
  LIKED_SONGS_ID,
  type HandEditsFound,
  type IntakeChange,
  type Label,
  type Layer,
  type LayerIntake,
  type Sublist,
  type UserSettings,
} from '../../core/layer-records.js';
import type { Notifier } from '../ports/notifier.js';
import { RunFailedError, RunsStoppedError } from '../errors.js';
import type { SortStep } from '../../core/run-records.js';
import type { LayerStore, WaitingStore } from '../ports/layer.ports.js';
import type { HandEditStore, RunDmStore } from '../ports/sort-run.ports.js';
import type { RunResult } from '../sorting/run-summary.js';
import { unlistedSublists } from '../layers/unlisted-sublists.js';
import type { AnswerRetraining } from '../model/answer-retraining.js';
import { tellOfCycles } from './cycle-notice.js';
import { absorbHandEdits, changeKey, type AbsorbedEdits } from './hand-edit-absorption.js';
import { sendOwedDms } from './new-songs-dm.js';

export interface KeepSortedDeps {
  layers: Pick<LayerStore, 'listFor' | 'byId' | 'claimCycleNotice' | 'releaseCycleNotice'>;
  sublists: { listFor(layerId: string): Promise<Sublist[]> };
  labels: {
    listFor(layerId: string): Promise<Label[]>;
  };
  settings: { get(userId: string): Promise<UserSettings> };
  contents: {
    contentsOf(userId: string, sourceIds: readonly string[]): Promise<Map<string, Set<string>>>;
    readPlaylists(userId: string, playlistIds: readonly string[]): Promise<Set<string>>;
    /** Of these playlists, those the user's library lists and the linked account owns (PlaylistContentsStore). */
    listedPlaylists(userId: string, playlistIds: readonly string[]): Promise<Set<string>>;
    /** Stores the sublists' playlists as read with the hand edits and labels found, in one transaction. */
    recordHandEdits(userId: string, found: HandEditsFound): Promise<void>;
  };
  handEdits: HandEditStore;
  /** The layers' waiting songs (the waiting-track repository). */
  waiting: Pick<WaitingStore, 'listFor' | 'record'>;
  /** What each layer has taken in of its motherlist (the layer-track repository). */
  intake: {
    intakeOf(layerId: string): Promise<LayerIntake>;
    begin(layerId: string, trackIds: readonly string[]): Promise<void>;
    record(layerId: string, change: IntakeChange): Promise<void>;
  };
  /**
   * Reads Liked Songs (first page when nothing is new) and the playlists whose snapshot changed;
   * `beforeStoring` sees the playlists read before any of them is stored (LibrarySyncService).
   */
  library: {
    syncLibrary(
      userId: string,
      options?: { beforeStoring?: (playlists: PlaylistsRead) => Promise<void> },
    ): Promise<unknown>;
  };
  sortRuns: {
    sortNewTracks(
      userId: string,
      layer: Layer,
      newTrackIds: readonly string[],
      departed: ReadonlySet<string>,
      intake?: IntakeChange,
      options?: { dm?: boolean },
    ): Promise<RunResult | undefined>;
    finishUnfinished(userId: string, layerId: string): Promise<void>;
    /** The steps not done of the layer's unfinished runs, then ended runs' unrecorded songs (SortRunService). */
    pendingWrites(
      layerId: string,
    ): Promise<readonly Pick<SortStep, 'id' | 'playlistId' | 'action' | 'trackIds' | 'unrecorded'>[]>;
    /** The steps' unrecorded songs are stored now (SortRunService). */
    writesRecorded(stepIds: readonly string[]): Promise<void>;
    /** Songs taken out of every sublist of a complete layer by hand wait from now (SortRunService). */
    waitForAnswers(userId: string, layer: Layer, trackIds: readonly string[]): Promise<number>;
    /** Runs `work` with no sort run of these layers under way (the layers' locks held). */
    whileLayersLocked<T>(layerIds: readonly string[], work: () => Promise<T>): Promise<T>;
  };
  /** The new-songs DMs sync runs still owe (the sort-run repository). */
  dms: RunDmStore;
  /** The layer's active model (the model repository). */
  models: { active(layerId: string): Promise<{ id: string; createdAt: Date } | undefined> };
  notifier: Notifier;
  /** Queues a retraining once enough answers came in (a sync's hand edits among them). */
  retraining: Pick<AnswerRetraining, 'afterAnswers'>;
  now?: () => Date;
}

export interface LayerSyncReport {
  layerId: string;
  newTracks: number;
  departed: number;
  handEdits: number;
  labelsFromHandEdits: number;
  /** Tracks whose answer is now "not in the sublist I took it out of" (no label says where it goes). */
  answersFromHandRemovals: number;
  /** Of those, songs of a complete layer now in no sublist that this sync made wait for an answer. */
  waitingFromHandRemovals: number;
  runId: string | undefined;
  /** Tracks the run placed (the DM lists them). */
  placed: number;
  /** A new-songs DM was delivered (this sync's, or one an earlier sync owed). */
  dm: boolean;
  retrainQueued: boolean;
}

export interface SyncReport {
  userId: string;
  layers: LayerSyncReport[];
  /**
   * The ids of layers stored in a circle (`layerCycles`), one list per circle: the sync skips
   * them, which would send songs round, until the user changes one (/status says so).
   */
  inCycles?: string[][];
}

/** The stored playlists after reading the library, and which were ever read. */
interface LibraryView {
  after: ReadonlyMap<string, ReadonlySet<string>>;
  readAfter: ReadonlySet<string>;
}

/**
 * Keeps a user's layers sorted: reads their library, turns what they changed by hand into labels,
 * sorts new likes with each layer's current model, takes un-liked tracks out, tells them by DM,
 * and queues retraining once enough new labels came in.
 */
export class KeepSortedService {
  constructor(private readonly deps: KeepSortedDeps) {}

  /** A scheduled sync: its requests spend the budget at the priority of new likes, or lower. */
  syncUser(userId: string): Promise<SyncReport> {
    return atMostPriority(RequestPriority.NewLikes, () => this.syncUserNow(userId));
  }

  private async syncUserNow(userId: string): Promise<SyncReport> {
    const layers = await this.deps.layers.listFor(userId);
    return this.deps.sortRuns.whileLayersLocked(
      layers.map((l) => l.id),
      () => this.syncLayers(userId, layers),
    );
  }

  private async syncLayers(userId: string, layers: readonly Layer[]): Promise<SyncReport> {
    const sublistsOf = new Map<string, Sublist[]>();
    for (const layer of layers) sublistsOf.set(layer.id, await this.deps.sublists.listFor(layer.id));
    const sources = [
      ...new Set([
        ...layers.map((l) => l.motherlistId),
        ...[...sublistsOf.values()].flat().map((s) => s.playlistId),
      ]),
    ];
    // Runs cut short (Spotify failing mid-apply) are finished first: their moves, and then their
    // DMs, do not wait for a restart. A layer whose run cannot finish yet is reported below.
    let failure: unknown;
    // A run still unfinished may have writes Spotify took that the bot has not recorded yet, and
    // one that ended may have had their record refused: they would read as hand edits. A change
    // one of its steps not done (or its unrecorded songs) makes is taken for none.
    const ownWrites = new Set<string>();
    const unrecorded: { id: string; playlistId: string }[] = [];
    for (const layer of layers) {
      try {
        await this.deps.sortRuns.finishUnfinished(userId, layer.id);
      } catch (error) {
        // The process stops: the rest of the sync is left for the next start, nothing read or written.
        if (error instanceof RunsStoppedError) throw error;
        failure ??= error;
      }
      for (const step of await this.deps.sortRuns.pendingWrites(layer.id)) {
        for (const trackId of step.trackIds) ownWrites.add(changeKey(step.action, step.playlistId, trackId));
        if (step.unrecorded.length > 0) unrecorded.push(step);
      }
    }
    const before = await this.deps.contents.contentsOf(userId, sources);
    const readBefore = await this.deps.contents.readPlaylists(userId, sources);
    const settings = await this.deps.settings.get(userId);
    const graph = { layers, sublistsOf };
    const cycles = layerCycles(graph);
    const circled = new Set(cycles.flatMap((cycle) => cycle.layers.map((layer) => layer.id)));
    try {
      await tellOfCycles(this.deps, userId, layers, cycles);
    } catch (error) {
      failure ??= error;
    }
    let absorbed = new Map<string, AbsorbedEdits>();
    // The library sync reads no playlist when the budget has nothing left for them (then nothing
    // calls beforeStoring): the stored contents are still those of before.
    let playlistsRead = false;
    await this.deps.library.syncLibrary(userId, {
      beforeStoring: async (playlists) => {
        playlistsRead = true;
        absorbed = await absorbHandEdits(
          this.deps,
          userId,
          graph,
          { before, readBefore, ownWrites },
          playlists,
          settings,
        );
      },
    });
    const after = await this.deps.contents.contentsOf(userId, sources);
    const readAfter = await this.deps.contents.readPlaylists(userId, sources);
    // Stored as read now (a playlist the library sync could not read is not): their songs as well.
    // A note on a playlist that no layer reads any more (its sublist removed since) is dropped: the
    // library sync has read the playlist if it could, and no hand edit is looked for in it (one of
    // a playlist adopted again is found against what that read stored).
    const readByLayers = new Set(sources);
    if (playlistsRead)
      await this.deps.sortRuns.writesRecorded(
        unrecorded
          .filter((step) => readAfter.has(step.playlistId) || !readByLayers.has(step.playlistId))
          .map((step) => step.id),
      );

    const library = { after, readAfter };
    const fedByLayers = new Set(layerLinks(graph).map((link) => link.child.id));
    const reports: LayerSyncReport[] = [];
    // Parents first: a layer over another layer's sublist sorts, in this same sync, the new likes
    // its parents have just placed there. Layers in a circle would take in what each other placed,
    // round and round: they are skipped until the user changes one.
    for (const layer of parentsFirst(graph)) {
      if (circled.has(layer.id)) continue;
      try {
        const sublists = sublistsOf.get(layer.id) ?? [];
        const seen = fedByLayers.has(layer.id)
          ? await this.withParentsWrites(userId, layer, library)
          : library;
        const edits = absorbed.get(layer.id) ?? { edits: [], labeled: 0, removals: 0 };
        reports.push(await this.syncLayer(userId, layer, sublists, seen, settings, edits));
      } catch (error) {
        if (error instanceof RunsStoppedError) throw error;
        // Layers sort independently: one that fails (a deleted playlist…) does not stop the others.
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return {
      userId,
      layers: reports,
      ...(cycles.length > 0
        ? { inCycles: cycles.map((cycle) => cycle.layers.map((layer) => layer.id)) }
        : {}),
    };
  }

  /**
   * The library as a layer over other layers' sublist sees it after they ran: its motherlist as
   * stored now, which holds what they placed there (the bot records its writes as it applies
   * them), so the new likes flow on without reading the playlist from Spotify again.
   */
  private async withParentsWrites(userId: string, layer: Layer, library: LibraryView): Promise<LibraryView> {
    const motherlistId = layer.motherlistId;
    const stored = await this.deps.contents.contentsOf(userId, [motherlistId]);
    const read = await this.deps.contents.readPlaylists(userId, [motherlistId]);
    return {
      ...library,
      after: new Map(library.after).set(motherlistId, stored.get(motherlistId) ?? new Set<string>()),
      readAfter: read.has(motherlistId) ? new Set(library.readAfter).add(motherlistId) : library.readAfter,
    };
  }

  /**
   * Songs of a complete layer that the user took out of every sublist by hand, with no label
   * since, start waiting for an answer. Found from what is stored (the removals recorded, the
   * playlists as read), not from this sync's edits: a sync cut short between recording a removal
   * and making its song wait leaves the song to the next sync. Songs waiting already keep their guess.
   */
  private async waitForRemovalAnswers(
    userId: string,
    layer: Layer,
    sublists: readonly Sublist[],
    library: LibraryView,
    departed: ReadonlySet<string>,
  ): Promise<number> {
    const { after, readAfter } = library;
    if (!layer.mode.complete) return 0;
    // A sublist whose playlist left the library is not read while it is gone, and a song there is
    // out of the user's sight: the others tell whether a song is in no sublist.
    const gone = new Set((await unlistedSublists(this.deps.contents, userId, sublists)).map((s) => s.id));
    const listed = sublists.filter((s) => !gone.has(s.id));
    // In a sublist never read, a song may well be: "in no sublist" is not known yet.
    if (listed.some((s) => !readAfter.has(s.playlistId))) return 0;
    const mother = after.get(layer.motherlistId) ?? new Set<string>();
    const labeled = new Set((await this.deps.labels.listFor(layer.id)).map((l) => l.trackId));
    const removed = removalAnswers(labeled, await this.deps.handEdits.listFor(layer.id));
    const unplaced = [...removed.keys()].filter(
      (id) => mother.has(id) && !departed.has(id) && listed.every((s) => !after.get(s.playlistId)?.has(id)),
    );
    if (unplaced.length === 0) return 0;
    const waiting = new Set((await this.deps.waiting.listFor(layer.id)).map((w) => w.trackId));
    return this.deps.sortRuns.waitForAnswers(
      userId,
      layer,
      unplaced.filter((id) => !waiting.has(id)),
    );
  }

  private async syncLayer(
    userId: string,
    layer: Layer,
    sublists: readonly Sublist[],
    library: LibraryView,
    settings: UserSettings,
    { edits, labeled, removals }: AbsorbedEdits,
  ): Promise<LayerSyncReport> {
    const { newTracks, departed } = await this.motherlistNews(layer, library.after, library.readAfter);
    // A song that left may sit, unseen, in a sublist whose playlist is out of the library, where
    // no run writes: the layer keeps it taken in, so that the first sync with that playlist back
    // finds it departed again and takes it out there too.
    const unseenSublists =
      settings.removeUnliked &&
      departed.size > 0 &&
      (await unlistedSublists(this.deps.contents, userId, sublists)).length > 0;
    const intake: IntakeChange = { add: newTracks, remove: unseenSublists ? [] : [...departed] };

    const hasModel = (await this.deps.models.active(layer.id)) !== undefined;
    // Without a model nothing waits yet (a guess needs one): the first sync after training does.
    const waitingFromHandRemovals = hasModel
      ? await this.waitForRemovalAnswers(userId, layer, sublists, library, departed)
      : 0;
    const toSort = settings.autoSort && hasModel ? newTracks : [];
    let result: RunResult | undefined;
    if (toSort.length > 0 || (settings.removeUnliked && departed.size > 0)) {
      try {
        result = await this.deps.sortRuns.sortNewTracks(userId, layer, toSort, departed, intake, {
          // Owed from the moment the run is journaled: a crash or a failed send before the DM is
          // delivered leaves it to the next sync.
          dm: toSort.length > 0 && settings.dmSummaries,
        });
      } catch (error) {
        // A run Spotify refused for good is told now (its songs wait), not at the next sync.
        if (error instanceof RunFailedError) await sendOwedDms(this.deps, userId, layer, sublists, settings);
        throw error;
      }
    }
    // Nothing journaled (nothing to do, or sorting is off): taken in or out all the same.
    if (!result && (intake.add.length > 0 || intake.remove.length > 0))
      await this.deps.intake.record(layer.id, intake);
    // A run takes its departed songs off the waiting list; without one (a waiting song is in no
    // sublist, so its un-like alone writes nothing), /status would count it and /label ask it.
    if (!result && departed.size > 0)
      await this.deps.waiting.record(layer.id, { replace: false, add: [], remove: [...departed] });
    // This sync's DM, and any an earlier sync still owes (cut short after journaling its run).
    const dm = await sendOwedDms(this.deps, userId, layer, sublists, settings);
    const retrainQueued =
      labeled + removals > 0 ? await this.deps.retraining.afterAnswers(userId, layer.id) : false;
    return {
      layerId: layer.id,
      newTracks: newTracks.length,
      departed: departed.size,
      handEdits: edits.length,
      labelsFromHandEdits: labeled,
      answersFromHandRemovals: removals,
      waitingFromHandRemovals,
      runId: result?.run.id,
      placed: result?.summary.placed.length ?? 0,
      dm,
      retrainQueued,
    };
  }

  /**
   * The motherlist's tracks the layer has not taken in yet (new) and those it took in that left
   * (departed). Recomputed from what the layer recorded, not from what this sync read: likes read
   * by a sync that failed before journaling their plan are still new on the retry. The first read
   * of a motherlist is its whole content, not news (the first /sort handles it), and a playlist
   * motherlist that could not be read says nothing.
   */
  private async motherlistNews(
    layer: Layer,
    after: ReadonlyMap<string, ReadonlySet<string>>,
    readAfter: ReadonlySet<string>,
  ): Promise<{ newTracks: string[]; departed: Set<string> }> {
    const none = { newTracks: [], departed: new Set<string>() };
    if (layer.motherlistId !== LIKED_SONGS_ID && !readAfter.has(layer.motherlistId)) return none;
    const mother = after.get(layer.motherlistId) ?? new Set<string>();
    const intake = await this.deps.intake.intakeOf(layer.id);
    if (intake.since === null) {
      await this.deps.intake.begin(layer.id, [...mother]);
      return none;
    }
    return {
      newTracks: [...mother].filter((id) => !intake.trackIds.has(id)),
      departed: new Set([...intake.trackIds].filter((id) => !mother.has(id))),
    };
  }
}
