import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LibraryRead1796517539225 implements MigrationInterface {
  name = 'LibraryRead1796517539225';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "spotify_accounts" ADD "library_read_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "spotify_accounts" ADD "library_read_songs" integer');
    await queryRunner.query('ALTER TABLE "spotify_accounts" ADD "library_read_total" integer');
    // Libraries synced before this column existed were read in full by that sync.
    await queryRunner.query(
      'UPDATE "spotify_accounts" SET "library_read_at" = "last_sync_at" WHERE "last_sync_at" IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "spotify_accounts" DROP COLUMN "library_read_total"');
    await queryRunner.query('ALTER TABLE "spotify_accounts" DROP COLUMN "library_read_songs"');
    await queryRunner.query('ALTER TABLE "spotify_accounts" DROP COLUMN "library_read_at"');
  }
}
