import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SpotifyAccountOneHolder1796594827197 implements MigrationInterface {
  name = 'SpotifyAccountOneHolder1796594827197';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Two Discord users linking one Spotify account at the same moment could both be linked. Of such
    // links the one kept is the active one (its tokens work), then the earliest (the rightful holder);
    // the others are unlinked (their users and layers stay), and /link tells them it is linked to someone else.
    await queryRunner.query(
      `DELETE FROM "spotify_accounts" "other" USING "spotify_accounts" "kept"
       WHERE "kept"."user_id" <> "other"."user_id"
         AND ("kept"."spotify_user_id" = "other"."spotify_user_id" OR "kept"."account_id" = "other"."account_id")
         AND ("kept"."status" <> 'active', "kept"."linked_at", "kept"."user_id")
           < ("other"."status" <> 'active', "other"."linked_at", "other"."user_id")`,
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_15b7ac34eb89a636b9a565a9ff" ON "spotify_accounts" ("spotify_user_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_57631a0f10cc96166795d0bb73" ON "spotify_accounts" ("account_id") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_57631a0f10cc96166795d0bb73"');
    await queryRunner.query('DROP INDEX "public"."IDX_15b7ac34eb89a636b9a565a9ff"');
  }
}
