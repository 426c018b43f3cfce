import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SpotifyBudget1796502663845 implements MigrationInterface {
  name = 'SpotifyBudget1796502663845';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "spotify_quota" ("id" smallint NOT NULL, "blocked_from" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE NOT NULL, "blocks" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_f512a089d0a270e33baf1c29f78" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "spotify_request_buckets" ("minute" TIMESTAMP WITH TIME ZONE NOT NULL, "requests" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_108b1d67ad0451abd458bd798d1" PRIMARY KEY ("minute"))',
    );
    await queryRunner.query('ALTER TABLE "spotify_accounts" DROP COLUMN "quota_blocked_until"');
    await queryRunner.query(
      'ALTER TABLE "spotify_accounts" ADD "quota_notified_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      'ALTER TABLE "spotify_accounts" ADD "expiry_notified_at" TIMESTAMP WITH TIME ZONE',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "spotify_accounts" DROP COLUMN "expiry_notified_at"');
    await queryRunner.query('ALTER TABLE "spotify_accounts" DROP COLUMN "quota_notified_at"');
    await queryRunner.query(
      'ALTER TABLE "spotify_accounts" ADD "quota_blocked_until" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query('DROP TABLE "spotify_request_buckets"');
    await queryRunner.query('DROP TABLE "spotify_quota"');
  }
}
