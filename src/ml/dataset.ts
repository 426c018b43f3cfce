import {
  type FeatureMatrix,
  type FeatureSpec,
  type LibraryTrack,
  encodeTracks,
  trackEntities,
} from './features.js';
import { countEntityTracks } from './library-degree.js';

/** A motherlist encoded once: its tracks, their feature rows and their graph entities. */
export interface LayerDataset {
  spec: FeatureSpec;
  items: readonly LibraryTrack[];
  rowOf: ReadonlyMap<string, number>;
  features: FeatureMatrix;
  entities: readonly (readonly string[])[];
  /** Entity -> how many of the motherlist's tracks hold it. */
  entityTracks: ReadonlyMap<string, number>;
}

export const buildLayerDataset = (items: readonly LibraryTrack[], spec: FeatureSpec): LayerDataset => {
  const entities = items.map((item) => trackEntities(item, spec));
  return {
    spec,
    items,
    rowOf: new Map(items.map((item, row) => [item.track.id, row])),
    features: encodeTracks(items, spec),
    entities,
    entityTracks: countEntityTracks(entities),
  };
};
