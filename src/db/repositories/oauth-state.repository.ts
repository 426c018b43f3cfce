import { LessThan, type DataSource, type Repository } from 'typeorm';
import type { ConsumeResult, PendingLink } from '../../core/account-records.js';
import { OAuthStateEntity } from '../entities/index.js';

const toPendingLink = (row: OAuthStateEntity): PendingLink => ({
  linkId: row.linkId,
  userId: row.userId,
  state: row.state,
  codeVerifier: row.codeVerifier,
  expiresAt: row.expiresAt,
  usedAt: row.usedAt,
});

/** One-time link ids with their OAuth state and PKCE verifier (oauth_states). */
export class OAuthStateRepository {
  private readonly rows: Repository<OAuthStateEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(OAuthStateEntity);
  }

  async create(link: Omit<PendingLink, 'usedAt'>): Promise<void> {
    await this.rows.insert({ ...link, usedAt: null });
  }

  async byLinkId(linkId: string): Promise<PendingLink | undefined> {
    const row = await this.rows.findOneBy({ linkId });
    return row ? toPendingLink(row) : undefined;
  }

  /** Marks the state used, atomically: of two callbacks with the same state only one gets it. */
  async consume(state: string, at: Date): Promise<ConsumeResult> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ usedAt: at })
      .where('state = :state AND used_at IS NULL', { state })
      .returning('*')
      .execute();
    const raw = (result.raw as Record<string, unknown>[])[0];
    if (raw) {
      return {
        outcome: 'consumed',
        link: {
          linkId: String(raw.link_id),
          userId: String(raw.user_id),
          state: String(raw.state),
          codeVerifier: String(raw.code_verifier),
          expiresAt: new Date(raw.expires_at as string | Date),
          usedAt: at,
        },
      };
    }
    const used = await this.rows.findOneBy({ state });
    return used?.usedAt
      ? { outcome: 'already-used', link: { ...toPendingLink(used), usedAt: used.usedAt } }
      : { outcome: 'unknown' };
  }

  /** Forgets the user's links not yet used: a new /link replaces them. */
  async deleteOpenFor(userId: string): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .delete()
      .where('user_id = :userId AND used_at IS NULL', { userId })
      .execute();
  }

  /** Every link of the user, used or not (/unlink). */
  async deleteAllFor(userId: string): Promise<void> {
    await this.rows.delete({ userId });
  }

  async deleteExpired(before: Date): Promise<number> {
    const result = await this.rows.delete({ expiresAt: LessThan(before) });
    return result.affected ?? 0;
  }
}
