import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The bot's budget as learned from Spotify (one row, id 1). Every process locks this row while it
 * checks and counts a request, so that two processes cannot both take the budget's last request.
 */
@Entity('spotify_budget')
export class SpotifyBudgetEntity {
  /** Always 1. */
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  /**
   * What the bot had spent in the 24 hours before Spotify's last QUOTA_EXCEEDED: Spotify's real
   * quota is no higher, so the bot plans with it when it is below SPOTIFY_DAILY_BUDGET.
   */
  @Column({ type: 'integer', nullable: true })
  learnedBudget!: number | null;

  /** When that QUOTA_EXCEEDED came. */
  @Column({ type: 'timestamptz', nullable: true })
  learnedAt!: Date | null;
}
