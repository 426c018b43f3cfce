import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from './user.entity.js';

@Entity('user_settings')
export class UserSettingsEntity {
  @PrimaryColumn({ type: 'text' })
  userId!: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Sort new likes automatically at each sync. */
  @Column({ type: 'boolean', default: true })
  autoSort!: boolean;

  @Column({ type: 'boolean', default: true })
  dmSummaries!: boolean;

  /** Off: results showing the person's library are ephemeral in a server (only they see them). */
  @Column({ type: 'boolean', default: false })
  publicResults!: boolean;

  /** Null: the server's SYNC_INTERVAL_MINUTES. */
  @Column({ type: 'integer', nullable: true })
  syncIntervalMinutes!: number | null;

  /** A track that leaves the motherlist leaves the layer's sublists. */
  @Column({ type: 'boolean', default: true })
  removeUnliked!: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
