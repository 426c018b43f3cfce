import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity.js';

/** A playlist of the user's library as last synced, with the snapshot that lets a re-sync skip it. */
@Entity('user_playlists')
export class UserPlaylistEntity {
  @PrimaryColumn({ type: 'text' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @PrimaryColumn({ type: 'text' })
  playlistId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  ownerId!: string;

  @Column({ type: 'boolean', default: false })
  collaborative!: boolean;

  /** Null until its items have been read. */
  @Column({ type: 'text', nullable: true })
  snapshotId!: string | null;

  @Column({ type: 'integer', default: 0 })
  itemTotal!: number;

  @Column({ type: 'integer', default: 0 })
  unsortableItems!: number;

  @Column({ type: 'timestamptz', nullable: true })
  syncedAt!: Date | null;
}
