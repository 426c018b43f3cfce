import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AudioFeatures, TrackAlbum, TrackArtist } from '../../core/track.js';

/** Track metadata and enrichment, shared by every user. */
@Entity('tracks')
export class TrackEntity {
  /** Spotify track ID. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  artists!: TrackArtist[];

  @Column({ type: 'jsonb' })
  album!: TrackAlbum;

  @Column({ type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'boolean', nullable: true })
  explicit!: boolean | null;

  @Index()
  @Column({ type: 'text', nullable: true })
  isrc!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  audioFeatures!: AudioFeatures | null;

  @Column({ type: 'jsonb', nullable: true })
  tags!: string[] | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
