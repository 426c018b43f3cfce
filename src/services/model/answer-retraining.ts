import { removalAnswers } from '../../core/hand-edits.js';
import type { HandEditRecord, Label } from '../../core/layer-records.js';

const DEFAULT_RETRAIN_AFTER_LABELS = 10;

export interface AnswerRetrainingDeps {
  labels: { listFor(layerId: string): Promise<Label[]> };
  handEdits: { listFor(layerId: string): Promise<HandEditRecord[]> };
  /** The layer's active model (the model repository). */
  models: { active(layerId: string): Promise<{ createdAt: Date } | undefined> };
  /** Queues a (debounced) retraining of a layer. */
  retrain: (userId: string, layerId: string) => Promise<void>;
  /** New answers since the active model that make a retraining worth it. */
  retrainAfterLabels?: number;
}

/**
 * Retraining after answers, wherever they are stored: a sync's hand edits, a correction stored at
 * once, or one its run stores later (held back by Spotify's limit or the layer's runs).
 */
export class AnswerRetraining {
  constructor(private readonly deps: AnswerRetrainingDeps) {}

  /** Queues a retraining when enough answers arrived since the active model was trained. */
  async afterAnswers(userId: string, layerId: string): Promise<boolean> {
    const since = (await this.deps.models.active(layerId))?.createdAt;
    const labels = await this.deps.labels.listFor(layerId);
    const edits = await this.deps.handEdits.listFor(layerId);
    const removals = removalAnswers(
      new Set(labels.map((l) => l.trackId)),
      since ? edits.filter((e) => e.detectedAt > since) : edits,
    );
    const fresh = (since ? labels.filter((l) => l.updatedAt > since).length : labels.length) + removals.size;
    if (fresh < (this.deps.retrainAfterLabels ?? DEFAULT_RETRAIN_AFTER_LABELS)) return false;
    await this.deps.retrain(userId, layerId);
    return true;
  }
}
