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

  /**
   * The servers where results showing the person's library are posted for all; in any other server
   * they are ephemeral (only the person sees them).
   */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  publicResultServers!: string[];

  /**
   * Set when public results, once one switch for every server, were turned off everywhere
   * (PublicResultsPerServer1796716800000): the user is owed a DM saying so. Cleared once told.
   */
  @Column({ type: 'timestamptz', nullable: true })
  publicResultsResetAt!: Date | null;

  /** Null: the server's SYNC_INTERVAL_MINUTES. */
  @Column({ type: 'integer', nullable: true })
  syncIntervalMinutes!: number | null;

  /** A track that leaves the motherlist leaves the layer's sublists. */
  @Column({ type: 'boolean', default: true })
  removeUnliked!: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
