import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TrackEntity } from './track.entity.js';
import { UserEntity } from './user.entity.js';

/** Membership of a track in one of the user's sources: `liked` (Liked Songs) or a playlist id. */
@Entity('library_entries')
@Index(['userId', 'sourceId', 'addedAt'])
export class LibraryEntryEntity {
  @PrimaryColumn({ type: 'text' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @PrimaryColumn({ type: 'text' })
  sourceId!: string;

  @PrimaryColumn({ type: 'text' })
  trackId!: string;

  @ManyToOne(() => TrackEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'track_id' })
  track?: TrackEntity;

  @Column({ type: 'timestamptz', nullable: true })
  addedAt!: Date | null;
}
