import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { LayerEntity } from './layer.entity.js';
import type { LabelSource } from '../../core/layer-records.js';

/** A user's answer for one track in one layer: sublist ids, empty meaning the void. */
@Entity('labels')
export class LabelEntity {
  @PrimaryColumn({ type: 'uuid' })
  layerId!: string;

  @ManyToOne(() => LayerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'layer_id' })
  layer?: LayerEntity;

  @PrimaryColumn({ type: 'text' })
  trackId!: string;

  @Column({ type: 'jsonb' })
  sublistIds!: string[];

  @Column({ type: 'text' })
  source!: LabelSource;

  /** See `Label.drawnAtRandom`. */
  @Column({ type: 'boolean', default: false })
  drawnAtRandom!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
