import { IsNull, type DataSource, type Repository } from 'typeorm';
import { SpotifyAccountEntity, UserEntity } from '../entities/index.js';
import {
  SpotifyAccountHeldError,
  type EncryptedTokens,
  type NewSpotifyLink,
  type SpotifyAccountRecord,
} from '../../core/account-records.js';

const UNIQUE_VIOLATION = '23505';

const toRecord = (row: SpotifyAccountEntity): SpotifyAccountRecord => ({
  userId: row.userId,
  spotifyUserId: row.spotifyUserId,
  accountId: row.accountId,
  displayName: row.displayName,
  accessTokenCiphertext: row.accessTokenCiphertext,
  refreshTokenCiphertext: row.refreshTokenCiphertext,
  scopes: row.scopes,
  accessTokenExpiresAt: row.accessTokenExpiresAt,
  status: row.status,
  lastSyncAt: row.lastSyncAt,
  likedTotal: row.likedTotal,
  libraryReadAt: row.libraryReadAt,
  libraryReadSongs: row.libraryReadSongs,
  libraryReadTotal: row.libraryReadTotal,
  linkedAt: row.linkedAt,
});

export class SpotifyAccountRepository {
  private readonly rows: Repository<SpotifyAccountEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.rows = dataSource.getRepository(SpotifyAccountEntity);
  }

  async byUserId(userId: string): Promise<SpotifyAccountRecord | undefined> {
    const row = await this.rows.findOneBy({ userId });
    return row ? toRecord(row) : undefined;
  }

  /** The Discord user a Spotify account is linked to (by account_id when known, else the user id). */
  async linkedUserOf(spotifyUserId: string, accountId: string | null): Promise<string | undefined> {
    const query = this.rows.createQueryBuilder('account').where('account.spotify_user_id = :spotifyUserId', {
      spotifyUserId,
    });
    if (accountId !== null) query.orWhere('account.account_id = :accountId', { accountId });
    return (await query.getOne())?.userId;
  }

  /**
   * Creates the user if needed and stores the link, replacing any earlier one, in one transaction;
   * throws SpotifyAccountHeldError (nothing stored) when another user holds the Spotify account.
   */
  async link(link: NewSpotifyLink, at: Date): Promise<void> {
    try {
      await this.store(link, at);
    } catch (error) {
      // The unique indexes on spotify_user_id and account_id: the one other unique key, user_id, is the upsert's.
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION)
        throw new SpotifyAccountHeldError(link.spotifyUserId, { cause: error });
      throw error;
    }
  }

  private async store(link: NewSpotifyLink, at: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(UserEntity)
        .values({ id: link.userId })
        .orIgnore()
        .execute();
      // Another Spotify account's library is not this one's: it is read anew (same account: kept).
      await manager
        .createQueryBuilder()
        .update(SpotifyAccountEntity)
        .set({ libraryReadAt: null, libraryReadSongs: null, libraryReadTotal: null })
        .where('user_id = :userId and spotify_user_id <> :spotifyUserId', {
          userId: link.userId,
          spotifyUserId: link.spotifyUserId,
        })
        .execute();
      await manager
        .createQueryBuilder()
        .insert()
        .into(SpotifyAccountEntity)
        .values({
          ...link,
          status: 'active',
          lastSyncAt: null,
          likedTotal: null,
          libraryReadAt: null,
          libraryReadSongs: null,
          libraryReadTotal: null,
          quotaNotifiedAt: null,
          relinkNotifiedAt: null,
          expiryNotifiedAt: null,
          linkedAt: at,
        })
        .orUpdate(
          [
            'spotify_user_id',
            'account_id',
            'display_name',
            'access_token_ciphertext',
            'refresh_token_ciphertext',
            'scopes',
            'access_token_expires_at',
            'status',
            'last_sync_at',
            'liked_total',
            'relink_notified_at',
            'expiry_notified_at',
            'linked_at',
            'updated_at',
          ],
          ['user_id'],
        )
        .execute();
    });
  }

  async saveTokens(userId: string, tokens: EncryptedTokens): Promise<void> {
    await this.rows.update({ userId }, tokens);
  }

  async markExpired(userId: string): Promise<void> {
    await this.rows.update({ userId }, { status: 'expired' });
  }

  /**
   * Claims the one "link again" DM of an expired link: true for the first caller after the link
   * expired, false once claimed (until `link` stores a new link, which clears it).
   */
  async claimRelinkNotice(userId: string, at: Date): Promise<boolean> {
    return this.claim(userId, { relinkNotifiedAt: at }, `status = 'expired' and relink_notified_at is null`);
  }

  /** Gives the claim back when the DM could not be sent, so that a later sync tries again. */
  async releaseRelinkNotice(userId: string): Promise<void> {
    await this.rows.update({ userId }, { relinkNotifiedAt: null });
  }

  /**
   * Claims the one DM a user gets about the quota block that began at `blockFrom`: true for the
   * first caller, false once claimed.
   */
  async claimQuotaNotice(userId: string, blockFrom: Date, at: Date): Promise<boolean> {
    return this.claim(
      userId,
      { quotaNotifiedAt: at },
      '(quota_notified_at is null or quota_notified_at < :blockFrom)',
      {
        blockFrom,
      },
    );
  }

  /** Claims the one "your link expires soon" DM of this link; linking again clears it. */
  async claimExpiryNotice(userId: string, at: Date): Promise<boolean> {
    return this.claim(userId, { expiryNotifiedAt: at }, `status = 'active' and expiry_notified_at is null`);
  }

  async releaseExpiryNotice(userId: string): Promise<void> {
    await this.rows.update({ userId }, { expiryNotifiedAt: null });
  }

  /** Sets `values` on the user's row if `condition` holds: true when this caller won the claim. */
  private async claim(
    userId: string,
    values: Partial<Pick<SpotifyAccountEntity, 'relinkNotifiedAt' | 'quotaNotifiedAt' | 'expiryNotifiedAt'>>,
    condition: string,
    parameters: Record<string, unknown> = {},
  ): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set(values)
      .where('user_id = :userId', { userId })
      .andWhere(condition, parameters)
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async recordLikedSync(userId: string, at: Date, likedTotal: number): Promise<void> {
    await this.rows.update({ userId }, { lastSyncAt: at, likedTotal });
  }

  /** A full sync is storing Liked Songs in steps: until recordLikedSync, the next sync reads them all. */
  async forgetLikedTotal(userId: string): Promise<void> {
    await this.rows.update({ userId }, { likedTotal: null });
  }

  /** How far the first read of the library is: Liked Songs read so far, of `total`. */
  async recordLibraryReadProgress(userId: string, songs: number, total: number): Promise<void> {
    await this.rows.update(
      { userId, libraryReadAt: IsNull() },
      { libraryReadSongs: songs, libraryReadTotal: total },
    );
  }

  /** The first whole read of the library (Liked Songs and playlists) has finished. */
  async recordLibraryRead(userId: string, at: Date): Promise<void> {
    await this.rows.update({ userId, libraryReadAt: IsNull() }, { libraryReadAt: at });
  }

  async delete(userId: string): Promise<boolean> {
    const result = await this.rows.delete({ userId });
    return (result.affected ?? 0) > 0;
  }
}
