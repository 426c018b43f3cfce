import type { LinkedAccount, OwnedPlaylist } from '../../../src/services/ports/library.ports.js';
import type { CardTrack, LabelCandidatePicker } from '../../../src/services/ports/label-session.ports.js';
import type { BotPorts } from '../../../src/composition/bot-services.js';
import type { Layer } from '../../../src/core/layer-records.js';
import type {
  CorrectionOutcome,
  Explanation,
  SortOutcome,
  TrainOutcome,
  TrainProgress,
  UndoOutcome,
} from '../../../src/services/ports/model-ports.js';
import { RunFailedError, UserError } from '../../../src/services/errors.js';

/**
 * The Spotify side and model side of the bot's services as in-memory test doubles, for the bot
 * tests that do not exercise Spotify itself (the end-to-end test uses the real services).
 */
export class SpotifySideDouble {
  readonly accounts = new Map<string, LinkedAccount>();
  readonly playlists = new Map<string, { owner: string; name: string; trackIds: string[] }>();
  readonly liked = new Map<string, string[]>();
  /** Playlists of others each user follows, by id. */
  readonly followed = new Map<string, string[]>();
  readonly tracks = new Map<string, CardTrack>();
  /** Tracks the picker reports as drawn at random whenever it picks them. */
  readonly randomDraws = new Set<string>();
  /** Picks instead of the library-order picker when set (e.g. the real active learner). */
  pickWith: LabelCandidatePicker['pick'] | undefined;
  readonly trainCalls: { userId: string; layer: Layer }[] = [];
  readonly sortCalls: { userId: string; layer: Layer; dryRun: boolean }[] = [];
  readonly correctCalls: { userId: string; layerId: string; trackId: string; sublistIds: string[] }[] = [];
  readonly chartCalls: { userId: string; runId: string }[] = [];
  /** Make the chart fail (as without a font): summaries must go out without it. */
  chartFails = false;
  trainDelayMs = 0;
  /** Set: the layers' locks stay held (a run being written) past the wait, as the real ones say busy. */
  layersBusy = false;
  /** Set: each training waits for it (a test holds a training deterministically while it runs). */
  trainHold: Promise<void> | undefined;
  /** Called as each training begins. */
  onTrainStart: (() => void) | undefined;
  /** Trainings that fail unexpectedly before one succeeds (a crashed attempt the queue retries). */
  trainCrashes = 0;
  /** What the trainer refuses with (as the real one does with too few labels), when set. */
  trainRefusal: UserError | undefined;
  /** What the sorter refuses with once its checks passed (e.g. no model yet), when set. */
  sortRefusal: UserError | undefined;
  /** What a correction's run ends with (Spotify refusing it for good), when set. */
  correctFailure: RunFailedError | undefined;
  private nextPlaylist = 0;

  /** Links the user; their library counts as read unless `libraryRead` says how far its first read is. */
  link(
    userId: string,
    displayName = `spotify-${userId.slice(-4)}`,
    libraryRead: LinkedAccount['libraryRead'] = { done: true },
  ): void {
    this.accounts.set(userId, {
      displayName,
      status: 'active',
      linkedAt: new Date(),
      lastSyncAt: null,
      libraryRead,
    });
  }

  addTrack(id: string, name: string, artist: string): CardTrack {
    const track: CardTrack = { id, name, artists: [{ name: artist }], album: { name: `${name} (album)` } };
    this.tracks.set(id, track);
    return track;
  }

  /** Someone else's playlist in the user's library. */
  follow(userId: string, playlistId: string): void {
    this.followed.set(userId, [...(this.followed.get(userId) ?? []), playlistId]);
  }

  addPlaylist(owner: string, name: string, trackIds: string[] = []): string {
    const id = `pl${String(this.nextPlaylist++).padStart(20, '0')}`;
    this.playlists.set(id, { owner, name, trackIds: [...trackIds] });
    return id;
  }

  private motherlistOf(userId: string, motherlistId: string): string[] {
    return motherlistId === 'liked'
      ? [...(this.liked.get(userId) ?? [])]
      : [...(this.playlists.get(motherlistId)?.trackIds ?? [])];
  }

  ports(): BotPorts {
    return {
      link: { createLinkUrl: async (userId) => `http://127.0.0.1/link/${userId}-once` },
      accounts: {
        accountOf: async (userId) => this.accounts.get(userId),
        removeAccount: async (userId) => this.accounts.delete(userId),
      },
      playlists: {
        ownedPlaylists: async (userId): Promise<OwnedPlaylist[]> =>
          [...this.playlists.entries()]
            .filter(([, playlist]) => playlist.owner === userId)
            .map(([id, playlist]) => ({ id, name: playlist.name })),
        followedPlaylists: async (userId) =>
          (this.followed.get(userId) ?? []).flatMap((id) => {
            const playlist = this.playlists.get(id);
            return playlist ? [{ id, name: playlist.name }] : [];
          }),
        createPrivatePlaylist: async (userId, name) => ({ id: this.addPlaylist(userId, name), name }),
        discardCreatedPlaylist: async (_userId, playlistId) => {
          this.playlists.delete(playlistId);
        },
        playlistContents: async (_userId, playlistId) => ({
          trackIds: [...(this.playlists.get(playlistId)?.trackIds ?? [])],
          unsortableItems: 0,
        }),
      },
      motherlists: {
        trackIds: async (userId, motherlistId) => this.motherlistOf(userId, motherlistId),
        holding: async (userId, motherlistId, trackIds) => {
          const held = new Set(this.motherlistOf(userId, motherlistId));
          return new Set(trackIds.filter((id) => held.has(id)));
        },
      },
      catalog: {
        byIds: async (ids) =>
          ids.flatMap((id) => (this.tracks.has(id) ? [this.tracks.get(id) as CardTrack] : [])),
      },
      // In library order: deterministic, so tests know which track comes next.
      picker: {
        pick: async (request) => {
          if (this.pickWith) return this.pickWith(request);
          const { userId, layer, asked, count } = request;
          const source =
            layer.motherlistId === 'liked'
              ? (this.liked.get(userId) ?? [])
              : (this.playlists.get(layer.motherlistId)?.trackIds ?? []);
          const trackIds = source.filter((id) => !asked.has(id)).slice(0, count);
          return { trackIds, randomlyDrawn: trackIds.filter((id) => this.randomDraws.has(id)) };
        },
      },
      guesser: { guess: async () => undefined },
      models: { activeModel: async () => undefined },
      trainer: {
        checkTrainable: async () => {
          if (this.trainRefusal) throw this.trainRefusal;
        },
        train: async (
          userId: string,
          layer: Layer,
          onProgress: (progress: TrainProgress) => void,
        ): Promise<TrainOutcome> => {
          if (this.trainRefusal) throw this.trainRefusal;
          this.trainCalls.push({ userId, layer });
          this.onTrainStart?.();
          onProgress({ fraction: 0.5, stage: 'training' });
          if (this.trainHold) await this.trainHold;
          // Set while a training is held: refused mid-way, as when its labels go meanwhile.
          if (this.trainRefusal) throw this.trainRefusal;
          if (this.trainCrashes > 0) {
            this.trainCrashes -= 1;
            throw new Error('the training thread died');
          }
          if (this.trainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.trainDelayMs));
          return { version: this.trainCalls.length, labelCount: 3, quality: 0.75, perSublist: [] };
        },
      },
      sorter: {
        sort: async (userId, layer, { dryRun }): Promise<SortOutcome> => {
          if (this.sortRefusal) throw this.sortRefusal;
          this.sortCalls.push({ userId, layer, dryRun });
          return {
            runId: '00000000-0000-4000-8000-000000000001',
            dryRun,
            perSublist: [{ name: 'Rock', added: 2, removed: 0, total: 2 }],
            voidCount: 1,
            uncertain: [],
          };
        },
        undoLast: async (_userId, layer): Promise<UndoOutcome> => {
          if (!this.sortCalls.some((call) => call.layer.id === layer.id && !call.dryRun))
            throw new UserError({ code: 'nothing-to-undo', in: 'layer', layerName: layer.name });
          return {
            runId: 'r',
            layerName: layer.name,
            undid: { kind: 'sort', at: new Date() },
            perSublist: [{ name: 'Rock', added: 0, removed: 2, total: 0 }],
          };
        },
        undoRun: async (): Promise<UndoOutcome> => ({
          runId: 'r',
          layerName: 'Genres',
          undid: { kind: 'sort', at: new Date() },
          perSublist: [],
        }),
        correct: async (userId, layerId, trackId, sublistIds): Promise<CorrectionOutcome> => {
          this.correctCalls.push({ userId, layerId, trackId, sublistIds: [...sublistIds] });
          if (this.correctFailure) throw this.correctFailure;
          return { runId: '00000000-0000-4000-8000-000000000002', perSublist: [] };
        },
        noteAnswer: () =>
          Promise.reject(
            new Error('a dry run’s answers are stored on the real services (sort-summary.test.ts)'),
          ),
        placeWaiting: () =>
          Promise.reject(new Error('waiting songs are placed on the real services (waiting-dm.test.ts)')),
      },
      layerLocks: {
        whileLayersLocked: (_layerIds, work) =>
          this.layersBusy ? Promise.reject(new UserError({ code: 'busy' })) : work(),
      },
      charts: {
        chartOf: async (userId, runId) => {
          this.chartCalls.push({ userId, runId });
          if (this.chartFails) throw new Error('no font installed for the summary chart');
          return {
            title: 'Genres: 2 placements',
            split: [
              { name: 'Rock', count: 2 },
              { name: 'void', count: 1, isVoid: true },
            ],
            quality: [{ name: 'Rock', f1: 0.8 }],
          };
        },
      },
      explainer: {
        explain: async (): Promise<Explanation> => ({
          trackId: 'song'.padEnd(22, '0'),
          trackName: 'Song',
          sublistNames: ['Rock'],
          confidence: 0.9,
          calibrated: true,
          precisionTarget: 0.8,
          waiting: false,
          neighbours: [{ trackName: 'Other', sublistNames: ['Rock'], similarity: 0.8 }],
          features: [{ name: 'artist: X', weight: 1.2 }],
        }),
      },
    };
  }
}
