import type { Layer } from '../../core/layer-records.js';
import type { PlacementPrediction } from './layer-predictions.js';

/** A whole prediction: its memberships condition a card's guess on the user's hand removals. */
export type CachedPrediction = PlacementPrediction;

export interface LayerPredictionCacheDeps {
  models: {
    activeModelId(layerId: string): Promise<string | undefined>;
    /** The whole motherlist placed by the active model. */
    predictions(userId: string, layer: Layer): Promise<{ predictions: CachedPrediction[] }>;
  };
  motherlist: { fingerprint(userId: string, sourceId: string): Promise<string> };
}

interface Entry {
  /** Active model id and motherlist fingerprint the predictions were made for. */
  key: string;
  byTrack: Map<string, CachedPrediction>;
}

/** Layers whose predictions stay in memory (a 28k-track motherlist is a few MB). */
const MAX_LAYERS = 32;

/**
 * The active model's predictions for a layer's whole motherlist, kept per layer: a label card
 * reads its guess here instead of predicting the motherlist again. A new model (after a
 * training) or a changed motherlist refreshes them once, in the background: meanwhile cards read
 * the previous predictions, and only a track they lack waits for the refresh.
 */
export class LayerPredictionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly refreshing = new Map<string, Promise<Entry>>();

  constructor(private readonly deps: LayerPredictionCacheDeps) {}

  async prediction(userId: string, layer: Layer, trackId: string): Promise<CachedPrediction | undefined> {
    const modelId = await this.deps.models.activeModelId(layer.id);
    if (!modelId) return undefined;
    const key = `${modelId}|${await this.deps.motherlist.fingerprint(userId, layer.motherlistId)}`;
    const entry = this.entries.get(layer.id);
    if (entry?.key === key) return entry.byTrack.get(trackId);
    const refresh = this.refresh(userId, layer, key);
    const stale = entry?.byTrack.get(trackId);
    if (stale) {
      refresh.catch(() => undefined);
      return stale;
    }
    return (await refresh).byTrack.get(trackId);
  }

  private refresh(userId: string, layer: Layer, key: string): Promise<Entry> {
    const running = this.refreshing.get(layer.id);
    if (running) return running;
    const refresh = this.deps.models
      .predictions(userId, layer)
      .then(({ predictions }) => {
        const entry: Entry = { key, byTrack: new Map(predictions.map((p) => [p.trackId, p])) };
        this.entries.delete(layer.id);
        this.entries.set(layer.id, entry);
        if (this.entries.size > MAX_LAYERS) this.entries.delete(this.entries.keys().next().value as string);
        return entry;
      })
      .finally(() => this.refreshing.delete(layer.id));
    this.refreshing.set(layer.id, refresh);
    return refresh;
  }
}
