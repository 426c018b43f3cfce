import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from './user.entity.js';
import type { SpotifyAccountStatus } from '../../core/account-records.js';

@Entity('spotify_accounts')
export class SpotifyAccountEntity {
  /** One Spotify account per Discord user. */
  @PrimaryColumn({ type: 'text' })
  userId!: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** One Discord user per Spotify account, expired links included: the database settles two links at once. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  spotifyUserId!: string;

  /** Stable account id from GET /me (May 2026), when Spotify sends it; unique too (nulls apart). */
  @Index({ unique: true })
  @Column({ type: 'text', nullable: true })
  accountId!: string | null;

  @Column({ type: 'text' })
  displayName!: string;

  /** AES-256-GCM ciphertexts, `keyId.iv.tag.data` in base64url. */
  @Column({ type: 'text' })
  accessTokenCiphertext!: string;

  @Column({ type: 'text' })
  refreshTokenCiphertext!: string;

  @Column({ type: 'text' })
  scopes!: string;

  @Column({ type: 'timestamptz' })
  accessTokenExpiresAt!: Date;

  @Column({ type: 'text', default: 'active' })
  status!: SpotifyAccountStatus;

  @Column({ type: 'timestamptz', nullable: true })
  lastSyncAt!: Date | null;

  /**
   * Liked Songs' `total` when they were last synced: a re-sync whose first page shows a total other
   * than this plus the entries it found new has missed a removal and runs a full pass.
   */
  @Column({ type: 'integer', nullable: true })
  likedTotal!: number | null;

  /**
   * When the first whole read of the library (Liked Songs, then the playlists) finished; until
   * then, commands that need the library say how far the read is.
   */
  @Column({ type: 'timestamptz', nullable: true })
  libraryReadAt!: Date | null;

  /** During the first read: Liked Songs read so far, of Spotify's total. */
  @Column({ type: 'integer', nullable: true })
  libraryReadSongs!: number | null;

  @Column({ type: 'integer', nullable: true })
  libraryReadTotal!: number | null;

  /** When the user was last told by DM that Spotify's quota blocks the bot: once per block. */
  @Column({ type: 'timestamptz', nullable: true })
  quotaNotifiedAt!: Date | null;

  /** When the user was told by DM that the link expires soon; linking again clears it. */
  @Column({ type: 'timestamptz', nullable: true })
  expiryNotifiedAt!: Date | null;

  /** When the user was told by DM that their link expired; linking again clears it. */
  @Column({ type: 'timestamptz', nullable: true })
  relinkNotifiedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  linkedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
