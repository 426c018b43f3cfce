import type { SortingServices } from './sorting.js';
import { LabelCandidateService } from '../services/labels/label-candidates.service.js';
import type { LinkStarter } from '../services/ports/model-ports.js';
import { toCorrectionOutcome } from '../services/sorting/sort-outcome.js';
import { WaitingPlacementService } from '../services/sorting/waiting-placement.service.js';
import { SpotifyLibrary, type SpotifyLibraryDeps } from '../spotify/spotify-library.js';
import type { BotPorts } from './bot-services.js';

export interface BotPortDeps {
  /** LinkAccountService */
  link: LinkStarter;
  /** SpotifySessionService: an authorized client per Discord user. */
  spotify: SpotifyLibraryDeps['sessions'];
  /** SpotifyPlaylistWriter: a playlist's current contents, read from Spotify. */
  playlistReader: SpotifyLibraryDeps['reader'];
  /** The model and sort-run services (createSortingServices). */
  sorting: SortingServices;
  /** /train as a job (createSortingJobs' trainings). */
  trainings?: BotPorts['trainings'];
}

/** Adapts the Spotify, model and sort services to what the bot's services need. */
export const createBotPorts = (deps: BotPortDeps): BotPorts => {
  const { models, sortRuns, repositories } = deps.sorting;
  const candidates = new LabelCandidateService({
    library: repositories.motherlist,
    models,
    work: deps.sorting.modelWork,
    waiting: repositories.waiting,
  });
  const library = new SpotifyLibrary({
    accounts: repositories.accounts,
    entries: repositories.entries,
    playlists: repositories.playlists,
    motherlist: repositories.motherlist,
    sessions: deps.spotify,
    reader: deps.playlistReader,
  });
  const waitingPlacement = new WaitingPlacementService({
    layers: repositories.layers,
    waiting: repositories.waiting,
    names: repositories.motherlist,
    corrections: sortRuns,
  });
  return {
    link: deps.link,
    accounts: library,
    playlists: library,
    motherlists: library,
    catalog: {
      byIds: async (ids) =>
        (await repositories.tracks.byIds(ids)).map((track) =>
          track.album.imageUrl ? { ...track, coverUrl: track.album.imageUrl } : track,
        ),
    },
    picker: candidates,
    guesser: candidates,
    models: {
      activeModel: async (layer) => {
        const active = await repositories.models.active(layer.id);
        if (!active) return undefined;
        const metrics = active.metrics as { crossValidated?: { macroF1?: number; microF1?: number } } | null;
        return {
          version: active.version,
          trainedAt: active.createdAt,
          labelCount: active.labelCount,
          quality: metrics?.crossValidated?.macroF1 ?? metrics?.crossValidated?.microF1,
          ...(active.features ? { features: active.features } : {}),
        };
      },
    },
    trainer: models,
    ...(deps.trainings ? { trainings: deps.trainings } : {}),
    sorter: {
      sort: (userId, layer, options) => sortRuns.sort(userId, layer, options),
      undoLast: (userId, layer) => sortRuns.undoLast(userId, layer),
      undoRun: (userId, runId) => sortRuns.undoRun(userId, runId),
      correct: async (userId, layerId, trackId, sublistIds) =>
        toCorrectionOutcome(await sortRuns.correctPlacement(userId, layerId, trackId, sublistIds)),
      noteAnswer: (userId, layerId, trackId, sublistIds) =>
        sortRuns.noteAnswer(userId, layerId, trackId, sublistIds),
      placeWaiting: async (userId, layerId, trackId, sublistIds) => {
        const placed = await waitingPlacement.place(userId, layerId, trackId, sublistIds);
        return {
          ...toCorrectionOutcome(placed.result),
          trackName: placed.trackName,
          sublistIds: placed.sublistIds,
        };
      },
    },
    layerLocks: sortRuns,
    explainer: models,
    charts: deps.sorting.charts,
  };
};
