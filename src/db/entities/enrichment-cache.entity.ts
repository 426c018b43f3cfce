import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A provider's answer for one key (a Spotify id, an ISRC, an artist), including "not found" (null payload). */
@Entity('enrichment_cache')
export class EnrichmentCacheEntity {
  @PrimaryColumn({ type: 'text' })
  provider!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb', nullable: true })
  payload!: unknown;

  @Column({ type: 'timestamptz' })
  fetchedAt!: Date;
}
