import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LinkRemovedNotice1796684400000 implements MigrationInterface {
  name = 'LinkRemovedNotice1796684400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" ADD "link_removed_at" TIMESTAMP WITH TIME ZONE');
    // SpotifyAccountOneHolder1796594827197 unlinked the other holders of a Spotify account and told
    // nobody. They are the users left with layers or a synced library but no link: /unlink deletes
    // the user, and a layer or a library needs a link. They are owed a DM (sent at the next start).
    await queryRunner.query(
      `UPDATE "users" "u" SET "link_removed_at" = now()
       WHERE NOT EXISTS (SELECT 1 FROM "spotify_accounts" "a" WHERE "a"."user_id" = "u"."id")
         AND (EXISTS (SELECT 1 FROM "layers" "l" WHERE "l"."user_id" = "u"."id")
           OR EXISTS (SELECT 1 FROM "library_entries" "e" WHERE "e"."user_id" = "u"."id")
           OR EXISTS (SELECT 1 FROM "user_playlists" "p" WHERE "p"."user_id" = "u"."id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "link_removed_at"');
  }
}
