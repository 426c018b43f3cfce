import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { LayerEntity } from './layer.entity.js';

@Entity('sublists')
@Index(['layerId', 'name'], { unique: true })
export class SublistEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  layerId!: string;

  @ManyToOne(() => LayerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'layer_id' })
  layer?: LayerEntity;

  @Column({ type: 'text' })
  name!: string;

  /** The Spotify playlist that backs this sublist. */
  @Column({ type: 'text' })
  playlistId!: string;

  /** Order of the buttons in a label session. */
  @Column({ type: 'integer' })
  position!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
