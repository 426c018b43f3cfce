import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SpotifyLikedTotal1795716191869 implements MigrationInterface {
  name = 'SpotifyLikedTotal1795716191869';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "spotify_accounts" ADD "liked_total" integer');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "spotify_accounts" DROP COLUMN "liked_total"');
  }
}
