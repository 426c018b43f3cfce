/** A stored model: weights as bytes and the rest as JSON the model code reads back. */
export interface StoredModel {
  id: string;
  layerId: string;
  /** 1, 2, 3… per layer. */
  version: number;
  featureSpec: unknown;
  weights: Uint8Array;
  thresholds: unknown;
  metrics: unknown;
  labelCount: number;
  backend: string;
  active: boolean;
  createdAt: Date;
}

export type NewModel = Pick<
  StoredModel,
  'layerId' | 'featureSpec' | 'weights' | 'thresholds' | 'metrics' | 'labelCount' | 'backend'
>;
