import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The app's QUOTA_EXCEEDED block (one row: Spotify counts the quota per developer account, for all
 * users together), so that every process and a restarted one honour it.
 */
@Entity('spotify_quota')
export class SpotifyQuotaEntity {
  /** Always 1. */
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  /** When the current (or last) block began. */
  @Column({ type: 'timestamptz' })
  blockedFrom!: Date;

  @Column({ type: 'timestamptz' })
  blockedUntil!: Date;

  /** Blocks so far. */
  @Column({ type: 'integer', default: 1 })
  blocks!: number;
}
