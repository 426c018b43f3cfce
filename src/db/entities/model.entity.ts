import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { ModelFeatures } from '../../core/model-records.js';
import { LayerEntity } from './layer.entity.js';

/** A trained model of a layer; the active one sorts. */
@Entity('models')
@Index(['layerId', 'version'], { unique: true })
export class ModelEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  layerId!: string;

  @ManyToOne(() => LayerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'layer_id' })
  layer?: LayerEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  featureSpec!: unknown;

  @Column({ type: 'bytea' })
  weights!: Buffer;

  @Column({ type: 'jsonb' })
  thresholds!: unknown;

  @Column({ type: 'jsonb' })
  metrics!: unknown;

  @Column({ type: 'integer' })
  labelCount!: number;

  @Column({ type: 'text' })
  backend!: string;

  /** Which enrichment the model saw and used (ModelFeatures); null for older models. */
  @Column({ type: 'jsonb', nullable: true })
  features!: ModelFeatures | null;

  @Column({ type: 'boolean', default: false })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
