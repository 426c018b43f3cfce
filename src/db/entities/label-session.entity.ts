import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { LayerEntity } from './layer.entity.js';

export type LabelSessionStatus = 'open' | 'closed';

/** A label session, kept so that it survives a restart or an expired interaction token. */
@Entity('label_sessions')
@Index(['userId', 'status'])
export class LabelSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  userId!: string;

  @Column({ type: 'uuid' })
  layerId!: string;

  @ManyToOne(() => LayerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'layer_id' })
  layer?: LayerEntity;

  @Column({ type: 'text' })
  channelId!: string;

  @Column({ type: 'text', nullable: true })
  currentTrackId!: string | null;

  @Column({ type: 'text', nullable: true })
  currentMessageId!: string | null;

  /** Sublists toggled so far for the current track (non-mutual layers). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  toggledSublistIds!: string[];

  /** Tracks answered in this session, newest last (for Undo). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  answeredTrackIds!: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  skippedTrackIds!: string[];

  @Column({ type: 'text', default: 'open' })
  status!: LabelSessionStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
