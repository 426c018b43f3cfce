import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LayerEntity } from './layer.entity.js';

/**
 * A motherlist track a layer has taken in: there when the layer's record began (`layers.tracks_since`),
 * or sorted (or deliberately left unsorted) by a run whose plan was journaled with it. A sync sorts
 * the motherlist's tracks not taken in yet, so likes read by a sync that failed are still new.
 */
@Entity('layer_tracks')
export class LayerTrackEntity {
  @PrimaryColumn({ type: 'uuid' })
  layerId!: string;

  @ManyToOne(() => LayerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'layer_id' })
  layer?: LayerEntity;

  @PrimaryColumn({ type: 'text' })
  trackId!: string;
}
