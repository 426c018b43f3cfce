import { randomUUID } from 'node:crypto';
import type { ConsumeResult, DmFailure, PendingLink } from '../../src/core/account-records.js';
import type {
  HandEditRecord,
  Label,
  LabelSession,
  Layer,
  Sublist,
  UserSettings,
  WaitingChange,
  WaitingTrack,
} from '../../src/core/layer-records.js';
import type { OAuthStateStore } from '../../src/services/ports/account.ports.js';
import type { LabelSessionStore } from '../../src/services/ports/label-session.ports.js';
import type {
  LabelStore,
  LayerStore,
  SublistStore,
  WaitingStore,
} from '../../src/services/ports/layer.ports.js';
import type { HandEditStore } from '../../src/services/ports/sort-run.ports.js';
import type { UserSettingsStore, UserStore } from '../../src/services/ports/user.ports.js';

/** A foreign key the database would refuse: the fakes refuse it too, so a test cannot lean on a fake's leniency. */
const missing = (what: string, id: string): Error => new Error(`in-memory store: no ${what} ${id}`);

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

const DEFAULT_SETTINGS: Omit<UserSettings, 'userId'> = {
  autoSort: true,
  dmSummaries: true,
  publicResultServers: [],
  syncIntervalMinutes: null,
  removeUnliked: true,
};

/** A user's settings before they change any (the database's column defaults). */
export const defaultSettings = (userId: string): UserSettings => ({
  userId,
  ...DEFAULT_SETTINGS,
  publicResultServers: [],
});

/** As a row read again: no list shared with what the caller holds. */
const copyOf = (settings: UserSettings): UserSettings => ({
  ...settings,
  publicResultServers: [...settings.publicResultServers],
});

/**
 * The user and layer stores in memory (unit tier only), with the database's cascades and foreign
 * keys: deleting a user deletes their settings and layers, deleting a layer its sublists, labels and
 * label sessions, deleting a sublist its hand edits. Held to the repositories by test/contracts.
 */
export class MemoryStores {
  private readonly userRows = new Map<string, DmFailure | undefined>();
  private readonly settingsRows = new Map<string, UserSettings>();
  private readonly layerRows = new Map<string, Layer>();
  /** When each layer was told of its circle (layers.cycle_told_at). */
  private readonly cycleToldAt = new Map<string, Date>();
  private readonly sublistRows = new Map<string, Sublist>();
  /** Per layer, answers by track in the order they were first given (the repository's created_at order). */
  private readonly labelRows = new Map<string, Map<string, Label>>();
  private readonly sessionRows = new Map<string, LabelSession>();
  private readonly linkRows = new Map<string, PendingLink>();
  private readonly waitingRows = new Map<string, Map<string, WaitingTrack>>();
  /**
   * Per layer and song, when it began waiting (the table's `since`, kept while it waits): a number
   * per `record` call, as each of the repository's writes is a statement of its own.
   */
  private readonly waitingSince = new Map<string, Map<string, number>>();
  private waitingWrites = 0;
  /** Per sublist, the latest hand edit of each track. */
  private readonly handEditRows = new Map<string, Map<string, HandEditRecord>>();

  readonly users: UserStore = {
    failureOf: async (userId) => this.userRows.get(userId),
    recordFailure: async (userId, reason, at) => void this.userRows.set(userId, { at, reason }),
    clearFailure: async (userId) => {
      if (this.userRows.has(userId)) this.userRows.set(userId, undefined);
    },
    ensureUser: async (userId) => {
      if (!this.userRows.has(userId)) this.userRows.set(userId, undefined);
    },
    delete: async (userId) => {
      this.userRows.delete(userId);
      this.settingsRows.delete(userId);
      await this.layers.deleteAllFor(userId);
    },
  };

  readonly settings: UserSettingsStore = {
    get: async (userId) => copyOf(this.settingsRows.get(userId) ?? defaultSettings(userId)),
    save: async (settings) => {
      if (!this.userRows.has(settings.userId)) throw missing('user', settings.userId);
      this.settingsRows.set(settings.userId, copyOf(settings));
      return copyOf(settings);
    },
    delete: async (userId) => void this.settingsRows.delete(userId),
  };

  readonly layers: LayerStore = {
    create: async (layer) => {
      if (!this.userRows.has(layer.userId)) throw missing('user', layer.userId);
      if (
        [...this.layerRows.values()].some((row) => row.userId === layer.userId && row.name === layer.name)
      ) {
        throw new Error(`in-memory store: duplicate layer name ${layer.name}`);
      }
      const { mutual, complete, ...rest } = layer;
      const row: Layer = {
        ...rest,
        id: randomUUID(),
        mode: { mutual, complete },
        precisionTarget: 0.8,
        createdAt: new Date(),
      };
      this.layerRows.set(row.id, row);
      return { ...row };
    },
    byId: async (id) => this.copyLayer(this.layerRows.get(id)),
    byName: async (userId, name) =>
      this.copyLayer(
        [...this.layerRows.values()].find((row) => row.userId === userId && sameName(row.name, name)),
      ),
    listFor: async (userId) =>
      [...this.layerRows.values()].filter((row) => row.userId === userId).map((row) => this.copyLayer(row)!),
    setPrecisionTarget: async (id, precisionTarget) => {
      const row = this.layerRows.get(id);
      if (row) row.precisionTarget = precisionTarget;
    },
    delete: async (id) => {
      this.layerRows.delete(id);
      this.cycleToldAt.delete(id);
      this.labelRows.delete(id);
      this.waitingRows.delete(id);
      for (const [key, row] of this.sublistRows) if (row.layerId === id) await this.sublists.delete(key);
      for (const [key, row] of this.sessionRows) if (row.layerId === id) this.sessionRows.delete(key);
    },
    deleteAllFor: async (userId) => {
      const theirs = [...this.layerRows.values()].filter((row) => row.userId === userId);
      for (const layer of theirs) await this.layers.delete(layer.id);
      return theirs.length;
    },
    claimCycleNotice: async (layerIds, at) => {
      const claimed = [...new Set(layerIds)].filter(
        (id) => this.layerRows.has(id) && !this.cycleToldAt.has(id),
      );
      for (const id of claimed) this.cycleToldAt.set(id, at);
      return claimed;
    },
    releaseCycleNotice: async (layerIds) => {
      for (const id of layerIds) this.cycleToldAt.delete(id);
    },
  };

  readonly sublists: SublistStore = {
    add: async (layerId, name, playlistId) => {
      this.requireLayer(layerId);
      const existing = [...this.sublistRows.values()].filter((row) => row.layerId === layerId);
      if (existing.some((row) => row.name === name))
        throw new Error(`in-memory store: duplicate sublist ${name}`);
      const position = Math.max(-1, ...existing.map((row) => row.position)) + 1;
      const row: Sublist = { id: randomUUID(), layerId, name, playlistId, position };
      this.sublistRows.set(row.id, row);
      return { ...row };
    },
    listFor: async (layerId) =>
      [...this.sublistRows.values()]
        .filter((row) => row.layerId === layerId)
        .sort((a, b) => a.position - b.position)
        .map((row) => ({ ...row })),
    byName: async (layerId, name) => {
      const row = [...this.sublistRows.values()].find(
        (sublist) => sublist.layerId === layerId && sameName(sublist.name, name),
      );
      return row ? { ...row } : undefined;
    },
    delete: async (id) => {
      this.sublistRows.delete(id);
      this.handEditRows.delete(id);
    },
  };

  readonly handEdits: HandEditStore = {
    record: async (edits) => {
      for (const edit of edits) {
        this.requireLayer(edit.layerId);
        if (!this.sublistRows.has(edit.sublistId)) throw missing('sublist', edit.sublistId);
      }
      for (const edit of edits) {
        const rows = this.handEditRows.get(edit.sublistId) ?? new Map<string, HandEditRecord>();
        rows.set(edit.trackId, { ...edit });
        this.handEditRows.set(edit.sublistId, rows);
      }
    },
    listFor: async (layerId) =>
      [...this.handEditRows.values()]
        .flatMap((rows) => [...rows.values()])
        .filter((row) => row.layerId === layerId)
        .map((row) => ({ ...row })),
    forget: async (sublistIds, trackId) => {
      for (const sublistId of sublistIds) this.handEditRows.get(sublistId)?.delete(trackId);
    },
  };

  readonly labels: LabelStore = {
    put: async (layerId, trackId, sublistIds, source, options) => {
      this.answersOf(layerId).set(trackId, {
        layerId,
        trackId,
        sublistIds: [...sublistIds],
        source,
        drawnAtRandom: options?.drawnAtRandom ?? false,
        updatedAt: new Date(),
      });
    },
    putMany: async (layerId, labels, source, keep) => {
      const answers = this.answersOf(layerId);
      const fresh = labels.filter((label) => {
        const stored = answers.get(label.trackId);
        return !stored || !keep.includes(stored.source);
      });
      for (const label of fresh) await this.labels.put(layerId, label.trackId, label.sublistIds, source);
      return fresh.length;
    },
    get: async (layerId, trackId) => this.copyLabel(this.labelRows.get(layerId)?.get(trackId)),
    listFor: async (layerId) =>
      [...(this.labelRows.get(layerId)?.values() ?? [])].map((row) => this.copyLabel(row)!),
    trackIdsFor: async (layerId) => [...(this.labelRows.get(layerId)?.keys() ?? [])],
    count: async (layerId) => this.labelRows.get(layerId)?.size ?? 0,
    countsFor: async (userId) =>
      new Map(
        [...this.labelRows]
          .filter(([layerId, answers]) => this.layerRows.get(layerId)?.userId === userId && answers.size > 0)
          .map(([layerId, answers]) => [layerId, answers.size]),
      ),
    delete: async (layerId, trackId) => void this.labelRows.get(layerId)?.delete(trackId),
    forgetSublist: async (layerId, sublistId, { keepVoid }) => {
      const answers = this.labelRows.get(layerId);
      const outcome = { forgotten: 0, kept: 0 };
      for (const [trackId, label] of answers ?? []) {
        if (!label.sublistIds.includes(sublistId)) continue;
        const rest = label.sublistIds.filter((id) => id !== sublistId);
        if (rest.length === 0 && !keepVoid) {
          answers!.delete(trackId);
          outcome.forgotten += 1;
        } else {
          answers!.set(trackId, { ...label, sublistIds: rest });
          outcome.kept += 1;
        }
      }
      return outcome;
    },
  };

  readonly labelSessions: LabelSessionStore = {
    open: async (userId, layerId, channelId) => {
      this.requireLayer(layerId);
      const session: LabelSession = {
        id: randomUUID(),
        userId,
        layerId,
        channelId,
        currentTrackId: null,
        currentMessageId: null,
        toggledSublistIds: [],
        answeredTrackIds: [],
        skippedTrackIds: [],
        status: 'open',
        updatedAt: new Date(),
      };
      this.sessionRows.set(session.id, session);
      return this.copySession(session)!;
    },
    byId: async (id) => this.copySession(this.sessionRows.get(id)),
    openFor: async (userId, layerId) =>
      this.copySession(
        [...this.sessionRows.values()]
          .filter((row) => row.userId === userId && row.layerId === layerId && row.status === 'open')
          .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0],
      ),
    update: async (id, changes) => {
      const session = this.sessionRows.get(id);
      if (!session) throw missing('label session', id);
      Object.assign(session, structuredClone(changes), { updatedAt: new Date() });
      return this.copySession(session)!;
    },
  };

  readonly states: OAuthStateStore = {
    create: async (link) => {
      if (
        this.linkRows.has(link.linkId) ||
        [...this.linkRows.values()].some((row) => row.state === link.state)
      ) {
        throw new Error('in-memory store: duplicate link id or state');
      }
      this.linkRows.set(link.linkId, { ...link, usedAt: null });
    },
    byLinkId: async (linkId) => {
      const row = this.linkRows.get(linkId);
      return row ? { ...row } : undefined;
    },
    consume: async (state, at): Promise<ConsumeResult> => {
      const row = [...this.linkRows.values()].find((link) => link.state === state);
      if (!row) return { outcome: 'unknown' };
      if (row.usedAt) return { outcome: 'already-used', link: { ...row, usedAt: row.usedAt } };
      row.usedAt = at;
      return { outcome: 'consumed', link: { ...row } };
    },
    deleteOpenFor: async (userId) =>
      void this.deleteLinks((row) => row.userId === userId && row.usedAt === null),
    deleteAllFor: async (userId) => void this.deleteLinks((row) => row.userId === userId),
    deleteExpired: async (before) => this.deleteLinks((row) => row.expiresAt < before),
  };

  /** Songs of a layer that wait: a song with an answer (a label) no longer does. */
  readonly waiting: WaitingStore = {
    listFor: async (layerId) =>
      this.stillWaiting(layerId).sort(
        (a, b) => a.confidence - b.confidence || (a.trackId < b.trackId ? -1 : a.trackId > b.trackId ? 1 : 0),
      ),
    countFor: async (layerId) => this.stillWaiting(layerId).length,
    byTrack: async (layerId, trackId) => this.stillWaiting(layerId).find((row) => row.trackId === trackId),
    record: async (layerId: string, change: WaitingChange) => {
      // The foreign key refuses only rows it would insert.
      if (change.add.length > 0) this.requireLayer(layerId);
      const rows = change.replace
        ? new Map<string, WaitingTrack>()
        : (this.waitingRows.get(layerId) ?? new Map());
      for (const trackId of change.replace ? [] : change.remove) rows.delete(trackId);
      // As the table keeps them: a guess's memberships are the run summary's alone.
      for (const { trackId, guess, confidence } of change.add)
        rows.set(trackId, { trackId, guess: [...guess], confidence });
      this.waitingRows.set(layerId, rows);
      const before = this.waitingSince.get(layerId) ?? new Map<string, number>();
      const write = ++this.waitingWrites;
      this.waitingSince.set(layerId, new Map([...rows.keys()].map((id) => [id, before.get(id) ?? write])));
    },
    latestFor: async (layerId, limit) => {
      const since = this.waitingSince.get(layerId);
      return this.stillWaiting(layerId)
        .map((row) => row.trackId)
        .sort((a, b) => (since?.get(b) ?? 0) - (since?.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, limit);
    },
    forgetSublist: async (layerId, sublistId) => {
      for (const row of this.waitingRows.get(layerId)?.values() ?? []) {
        if (!row.guess.includes(sublistId)) continue;
        row.guess = row.guess.filter((id) => id !== sublistId);
        row.trimmed = true;
      }
    },
  };

  private stillWaiting(layerId: string): WaitingTrack[] {
    const answered = this.labelRows.get(layerId);
    return [...(this.waitingRows.get(layerId)?.values() ?? [])]
      .filter((row) => !answered?.has(row.trackId))
      .map((row) => ({ ...row, guess: [...row.guess] }));
  }

  private deleteLinks(which: (row: PendingLink) => boolean): number {
    const doomed = [...this.linkRows.values()].filter(which);
    for (const row of doomed) this.linkRows.delete(row.linkId);
    return doomed.length;
  }

  /** Whether the users row exists (what hangs on a user in other fakes goes with it). */
  hasUser(userId: string): boolean {
    return this.userRows.has(userId);
  }

  /** Whether the layer exists (what hangs on a layer in other fakes goes with it). */
  hasLayer(layerId: string): boolean {
    return this.layerRows.has(layerId);
  }

  private requireLayer(layerId: string): void {
    if (!this.layerRows.has(layerId)) throw missing('layer', layerId);
  }

  private answersOf(layerId: string): Map<string, Label> {
    this.requireLayer(layerId);
    const answers = this.labelRows.get(layerId) ?? new Map<string, Label>();
    this.labelRows.set(layerId, answers);
    return answers;
  }

  private copyLayer(row: Layer | undefined): Layer | undefined {
    return row ? { ...row, mode: { ...row.mode } } : undefined;
  }

  private copyLabel(row: Label | undefined): Label | undefined {
    return row ? { ...row, sublistIds: [...row.sublistIds] } : undefined;
  }

  private copySession(row: LabelSession | undefined): LabelSession | undefined {
    return row ? structuredClone(row) : undefined;
  }
}
