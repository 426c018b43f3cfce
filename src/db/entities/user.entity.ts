import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  /** Discord user snowflake. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Set when Discord refused a DM (error 50007); cleared when a DM gets through. */
  @Column({ type: 'timestamptz', nullable: true })
  dmFailedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  dmFailureReason!: string | null;

  /**
   * Set for a user whose Spotify link the bot removed, not they (the migration to one holder per
   * Spotify account): they are owed one DM saying so, and the mark goes once it is sent.
   */
  @Column({ type: 'timestamptz', nullable: true })
  linkRemovedAt!: Date | null;
}
