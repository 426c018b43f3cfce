import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from './user.entity.js';

@Entity('layers')
@Index(['userId', 'name'], { unique: true })
export class LayerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  motherlistId!: string;

  @Column({ type: 'boolean' })
  mutual!: boolean;

  @Column({ type: 'boolean' })
  complete!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** The share of a sort's written placements that should be right; the rest wait (issue 21). */
  @Column({ type: 'real', default: 0.8 })
  precisionTarget!: number;

  /** When the layer began recording the motherlist tracks it has taken in (layer_tracks); null: not yet. */
  @Column({ type: 'timestamptz', nullable: true })
  tracksSince!: Date | null;

  /**
   * When a sync told the user by DM that the layer is in a circle (`layerCycles`), which syncs
   * skip; null: not told, or in no circle since (a circle closed again is told again).
   */
  @Column({ type: 'timestamptz', nullable: true })
  cycleToldAt!: Date | null;
}
