import type { PreviewCheck } from '../../core/dry-run-promise.js';
import type { Layer } from '../../core/layer-records.js';
import type { ShownMotherlist } from '../errors.js';
import type { ModelFeatures } from '../../core/model-records.js';

/** Training, sorting and explaining a layer's model; implemented by the sort/model services. */
export interface TrainProgress {
  /** 0..1 */
  fraction: number;
  stage: string;
  /** From the start of training: the enrichment its songs have (and `arriving`, what is still to come). */
  features?: Omit<ModelFeatures, 'uses'> | undefined;
}

/** A sublist's (or the void's) quality, measured on answers held out of training (cross-validation). */
export interface SublistQuality {
  name: string;
  /** Held-out answers truly in it; undefined when nothing was held out. */
  answers: number | undefined;
  /** Held-out songs the model put in it; undefined when nothing was held out (or an older model). */
  guesses: number | undefined;
  /** Undefined when too few guesses measure it. */
  precision: number | undefined;
  /** Undefined when too few answers measure it. */
  recall: number | undefined;
}

export interface TrainOutcome {
  version: number;
  labelCount: number;
  /** Cross-validated quality in [0, 1] (macro F1). */
  quality: number | undefined;
  perSublist: SublistQuality[];
  /** The void's, for an incomplete layer whose quality was measured. */
  voidQuality?: SublistQuality | undefined;
  /**
   * Where each sublist's held-out songs went, for a mutual layer of ≤ 8 sublists. Rows: the
   * truth, columns: the guess; names include "void" for incomplete layers.
   */
  confusion?: { names: string[]; counts: number[][] } | undefined;
  /** Set when the model is below the quality floor: the result and `/sort` warn. */
  weak?: WeakModelWarning | undefined;
  /** The enrichment the model was trained on; the result says how far it was while some was arriving. */
  features?: ModelFeatures | undefined;
}

/** A model too weak to trust (model-strength.ts), and how many more answers would help. */
export interface WeakModelWarning {
  /** Cross-validated macro F1, when measured. */
  quality: number | undefined;
  /** It did no better out of fold than a trivial answer (every song in the biggest sublist…). */
  trivial: boolean;
  /** About how many more answers would help. */
  moreLabels: number;
  /** The sublists (and the void) with fewer than ANSWERS_PER_SUBLIST answers, thinnest first. */
  thin: { name: string; labels: number }[];
}

export interface LayerTrainer {
  /** Throws the user error `train` would refuse with (no sublists, too few labels), so `/train` asks first. */
  checkTrainable(layer: Layer): Promise<void>;
  train(userId: string, layer: Layer, onProgress: (progress: TrainProgress) => void): Promise<TrainOutcome>;
}

export interface SortCounts {
  name: string;
  added: number;
  removed: number;
  /** Tracks the sublist holds after the run. */
  total: number;
}

/** How sure the model is that a song belongs in one sublist of a non-mutual layer. */
export interface SublistConfidence {
  sublistName: string;
  confidence: number;
}

export interface UncertainPlacement {
  /** For a correction button (`SortRunService.correctPlacement`). */
  trackId?: string;
  trackName: string;
  sublistNames: string[];
  confidence: number;
  /** Non-mutual layers: how sure the model is of each sublist (a sort decides each on its own). */
  sublistConfidences?: SublistConfidence[];
}

/** What a sort promises: how much it placed, how sure, and how much waits (stored with the run). */
export interface SortConfidence {
  /** Songs the run decided about (answered, placed by the model, or waiting). */
  considered: number;
  /** Placed by the user's answers (labels). */
  answered: number;
  /** Placed by the model (the sure void included). */
  placed: number;
  /** Left where they are, waiting for an answer. */
  waiting: number;
  /** Share of the model's written placements expected to be right; undefined: none, or no promise. */
  expectedPrecision: number | undefined;
  precisionTarget: number;
  /** A sort of everything: every song placed, sure or not. */
  everything: boolean;
}

export interface SortOutcome {
  runId: string;
  dryRun: boolean;
  perSublist: SortCounts[];
  voidCount: number;
  uncertain: UncertainPlacement[];
  /** Absent for runs that placed no model guesses. */
  confidence?: SortConfidence | undefined;
  /** Set when the layer's model is below the quality floor: the summary warns. */
  weak?: WeakModelWarning | undefined;
  /** After a dry run: whether this is the plan it showed, or what changed since. */
  preview?: PreviewCheck | undefined;
  /** Songs not placed: their sublist's playlist is no longer in the user's library. */
  unlisted?: UnlistedHeld | undefined;
  /** The layer's sublists whose playlists were not in the user's library when the run was planned. */
  unlistedSublistIds?: string[] | undefined;
  /** Songs not placed: another sublist of the layer holds them already. */
  refused?: RefusedPlacement[] | undefined;
}

/** A song a run did not place in `sublistName`: another sublist of the mutual layer (`heldIn`) holds it. */
export interface RefusedPlacement {
  trackName: string;
  sublistName: string;
  heldIn: string[];
}

/** Songs a run did not place because their sublists' playlists left the user's library. */
export interface UnlistedHeld {
  sublistNames: string[];
  songs: number;
}

/** Songs an undo did not put back: they left the layer's motherlist since the run took them out. */
export interface LeftMotherlist {
  songs: number;
  motherlist: ShownMotherlist;
}

export interface SortOptions {
  dryRun: boolean;
  /** Place every song as the model guesses, however unsure (after the user saw the warning). */
  everything?: boolean;
}

export interface UndoOutcome {
  runId: string;
  layerName: string;
  /** The run that was undone: a `/sort` or a sync of new likes, and when it ran. */
  undid: { kind: 'sort' | 'sync'; at: Date };
  /** What the undo itself changed: `removed` took songs out of a sublist, `added` put them back. */
  perSublist: SortCounts[];
  /** What it left as it was: sublists whose playlists are no longer in the user's library. */
  unlisted?: UnlistedHeld | undefined;
  /** Songs not put back: another sublist of the layer holds them now. */
  refused?: RefusedPlacement[] | undefined;
  /** Songs not put back: they are no longer in the motherlist. */
  leftMotherlist?: LeftMotherlist | undefined;
  /**
   * The layers over a sublist the undo changed (composed layers): their own sublists follow at the
   * next sync, which takes the songs that left their motherlist out and sorts those put back.
   */
  followers?: { layer: string; sublist: string }[] | undefined;
}

export interface LayerSorter {
  sort(userId: string, layer: Layer, options: SortOptions): Promise<SortOutcome>;
  /** Reverts the layer's last applied run. */
  undoLast(userId: string, layer: Layer): Promise<UndoOutcome>;
  /** Reverts one run (the Undo button of a sort summary). */
  undoRun(userId: string, runId: string): Promise<UndoOutcome>;
}

export interface CorrectionOutcome {
  runId: string;
  perSublist: SortCounts[];
  /** The song not put where the user said: another sublist of the mutual layer holds it. */
  refused?: RefusedPlacement[] | undefined;
}

export interface PlacementCorrector {
  /**
   * Moves a track where the user says (`sublistIds` empty = the void) and stores that as a
   * `correction` label (a new-songs DM's menu).
   */
  correct(
    userId: string,
    layerId: string,
    trackId: string,
    sublistIds: readonly string[],
  ): Promise<CorrectionOutcome>;
  /**
   * Stores where the user says a track goes, as a `correction` label, without moving it (a dry run's
   * summary: nothing was placed, the next sort puts it there).
   */
  noteAnswer(userId: string, layerId: string, trackId: string, sublistIds: readonly string[]): Promise<void>;
  /**
   * Places a song a sync left waiting (a new-songs DM's Place button or menu) where the user says,
   * or (`sublistIds` undefined) where the model guessed, as their answer. A song that no longer
   * waits, or a layer that is gone, is a stale component.
   */
  placeWaiting(
    userId: string,
    layerId: string,
    trackId: string,
    sublistIds: readonly string[] | undefined,
  ): Promise<PlacedWaitingOutcome>;
}

export interface PlacedWaitingOutcome extends CorrectionOutcome {
  trackName: string;
  /** Where it went (empty = the void). */
  sublistIds: string[];
}

export interface Explanation {
  /** The song explained: /why's menu moves it. */
  trackId: string;
  trackName: string;
  /** The model's guess (a sort writes it only when sure enough: `waiting`). */
  sublistNames: string[];
  confidence: number;
  /**
   * Whether `confidence` is a calibrated probability. False for a model trained on too few answers
   * to measure how often it is right: it promises nothing, and every song waits.
   */
  calibrated: boolean;
  /** The layer's precision target: a sort writes a placement only this sure. */
  precisionTarget: number;
  /** The last sort or sync left the song waiting for an answer (not sure enough of it). */
  waiting: boolean;
  /**
   * Non-mutual layers: how sure the model is of each sublist of its guess. Each is decided on its
   * own (a sort writes those that reach the target), so one figure for all of them would mislead.
   */
  sublistConfidences?: SublistConfidence[];
  /** The user's own answer for the song (sublist names, empty for the void): sorts follow it. */
  answeredNames?: string[];
  /** Labeled tracks the track resembles most, with their answers. */
  /**
   * The answered songs it resembles most: labeled ones with their sublists, and songs taken out
   * of sublists by hand (`removedFromNames`, the answer "not there").
   */
  neighbours: {
    trackName: string;
    sublistNames: string[];
    similarity: number;
    removedFromNames?: string[];
  }[];
  /** The features that pushed hardest toward the placement. */
  features: { name: string; weight: number }[];
  /**
   * The user took the song out of these sublists by hand (their answer "not there"; `sublistNames`
   * leaves them out), and which of them the model still guesses.
   */
  removedByHand?: { sublistNames: string[]; stillGuessed: string[] };
}

export interface LayerExplainer {
  /** `track`: a Spotify link, URI, id or "artist – title" text. */
  explain(userId: string, layer: Layer, track: string): Promise<Explanation>;
}

/** Starts a Spotify link: the one-time URL the user opens. */
export interface LinkStarter {
  createLinkUrl(discordUserId: string): Promise<string>;
}
