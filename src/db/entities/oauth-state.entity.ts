import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A pending link: the one-time link id, then the OAuth state and PKCE verifier. Single use, short-lived. */
@Entity('oauth_states')
export class OAuthStateEntity {
  /** The one-time id in PUBLIC_URL/link/<id>. */
  @PrimaryColumn({ type: 'text' })
  linkId!: string;

  @Index()
  @Column({ type: 'text' })
  userId!: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'text' })
  codeVerifier!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
