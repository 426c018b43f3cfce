import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Spotify requests the bot made in one minute, by every process together: the daily budget is the
 * sum over the last 24 hours of buckets. One row a minute keeps counting a single upsert.
 */
@Entity('spotify_request_buckets')
export class SpotifyRequestBucketEntity {
  @PrimaryColumn({ type: 'timestamptz' })
  minute!: Date;

  @Column({ type: 'integer', default: 0 })
  requests!: number;
}
